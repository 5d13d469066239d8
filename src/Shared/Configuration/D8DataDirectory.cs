namespace D8.Shared.Configuration;

/// <summary>The data directory every D8 package uses when configuration names none.</summary>
internal static class D8DataDirectory
{
    /// <summary>Gets <c>~/Documents/d8_data</c>, where the old Python system kept its files.</summary>
    public static string Default =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Documents", "d8_data");
}
