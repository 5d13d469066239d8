#!/usr/bin/env python3
"""The packaging check: every nupkg in nupkg/ declares only the dependencies its project references, ships its own
README (absolute links only) and the licence, and has a symbols package with its PDB.

usage: eng/check-packages.py <nupkg dir> <src dir>
"""
import glob, os, re, sys, zipfile
import xml.etree.ElementTree as ET

nupkg_dir, src_dir = sys.argv[1], sys.argv[2]
failures = []
checked = 0
for path in sorted(glob.glob(os.path.join(nupkg_dir, "*.nupkg"))):
    if path.endswith(".symbols.nupkg"):
        continue
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        nuspec = ET.fromstring(package.read(next(n for n in names if n.endswith(".nuspec"))))
        ns = {"n": nuspec.tag.split("}")[0].strip("{")}
        package_id = nuspec.find("n:metadata/n:id", ns).text
        project = os.path.join(src_dir, package_id, package_id + ".csproj")
        if not os.path.exists(project):
            failures.append(f"{package_id}: no project {project}")
            continue
        text = open(project, encoding="utf-8").read()
        referenced = set(re.findall(r'<PackageReference Include="([^"]+)"', text))
        referenced |= {os.path.splitext(os.path.basename(p.replace("\\", "/")))[0] for p in re.findall(r'<ProjectReference Include="([^"]+)"', text)}
        declared = {d.get("id") for d in nuspec.iter("{%s}dependency" % ns["n"])}
        for extra in sorted(declared - referenced):
            failures.append(f"{package_id}: the nuspec declares {extra}, which the project does not reference (a pinned transitive package?)")
        for missing in sorted(referenced - declared):
            failures.append(f"{package_id}: the project references {missing}, which the nuspec does not declare")
        if "README.md" not in names:
            failures.append(f"{package_id}: README.md is not in the package")
        else:
            readme = package.read("README.md").decode("utf-8")
            for link in re.findall(r"\]\(([^)]+)\)", readme):
                if not re.match(r"https?://", link):
                    failures.append(f"{package_id}: README.md has a relative link '{link}' (nuget.org cannot follow it)")
        if "LICENSE" not in names:
            failures.append(f"{package_id}: LICENSE is not in the package")
    symbols = path[: -len(".nupkg")] + ".snupkg"
    if not os.path.exists(symbols):
        failures.append(f"{package_id}: no symbols package {os.path.basename(symbols)}")
    else:
        with zipfile.ZipFile(symbols) as snupkg:
            if not any(n.endswith(".pdb") for n in snupkg.namelist()):
                failures.append(f"{package_id}: the symbols package holds no PDB")
    checked += 1

if checked == 0:
    failures.append(f"no package found in {nupkg_dir}")
for failure in failures:
    print("packaging check: " + failure, file=sys.stderr)
print(f"packaging check: {checked} package(s), {len(failures)} problem(s)")
sys.exit(1 if failures else 0)
