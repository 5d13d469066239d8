using System.Text.Json.Nodes;

namespace D8.Testing.Slaves;

/// <summary>
/// The old Python slave's recorded bodies, copied unchanged into <c>tests/fixtures/python-d8/wire/</c> and linked into
/// the test output as <c>fixtures/python-d8/wire/</c>.
/// </summary>
public static class WireFixtures
{
    /// <summary>Reads one fixture file as text.</summary>
    public static string Read(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "python-d8", "wire", name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Wire fixture '{path}' is missing: link tests/fixtures/python-d8/wire/** into the test project's output (fixtures/python-d8/wire).");
        }

        return File.ReadAllText(path);
    }

    /// <summary>Reads one fixture file as a mutable JSON object.</summary>
    public static JsonObject ReadObject(string name) =>
        JsonNode.Parse(Read(name))?.AsObject() ?? throw new InvalidOperationException($"Wire fixture '{name}' is not a JSON object.");
}
