namespace McpConsole.Web.Features.Demo;

/// <summary>Finds McpConsole.SampleServer.dll: configured path, else the newest build next to the source tree.</summary>
public static class SampleServerLocator
{
    private const string DllName = "McpConsole.SampleServer.dll";

    public static string? Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var project = Path.Combine(dir.FullName, "src", "McpConsole.SampleServer", "bin");
            if (!Directory.Exists(project))
                continue;
            return Directory.EnumerateFiles(project, DllName, SearchOption.AllDirectories)
                .Select(f => new FileInfo(f))
                .OrderByDescending(f => f.LastWriteTimeUtc)
                .FirstOrDefault()?.FullName;
        }
        var beside = Path.Combine(AppContext.BaseDirectory, DllName);
        return File.Exists(beside) ? beside : null;
    }
}
