using McpConsole.Web.Features.Backups.Archives;

namespace McpConsole.Web.Features.Backups.Sources;

/// <summary>A configuration file, or every file under a folder, with paths relative to the source.</summary>
public static class FileCapture
{
    /// <summary>The files of a source: (path relative to the source root, full path). A single-file source's root is its folder.</summary>
    public static IReadOnlyList<(string Relative, string Full)> Enumerate(string sourcePath)
    {
        if (File.Exists(sourcePath))
            return [(Path.GetFileName(sourcePath), Path.GetFullPath(sourcePath))];
        if (!Directory.Exists(sourcePath))
            throw new FileNotFoundException($"The source path '{sourcePath}' does not exist.");
        var root = Path.GetFullPath(sourcePath);
        return Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false })
            .Select(f => (Path.GetRelativePath(root, f).Replace('\\', '/'), f))
            .OrderBy(f => f.Item1, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The directory restored entries are resolved against.</summary>
    public static string RestoreRoot(string sourcePath) =>
        File.Exists(sourcePath) || (!Directory.Exists(sourcePath) && Path.HasExtension(sourcePath))
            ? Path.GetDirectoryName(Path.GetFullPath(sourcePath))!
            : Path.GetFullPath(sourcePath);

    internal static async Task CaptureAsync(ArchiveWriter writer, string sourcePath, Action<BackupProgress> progress, CancellationToken ct)
    {
        var files = Enumerate(sourcePath);
        var total = files.Sum(f => new FileInfo(f.Full).Length);
        var reporter = new InlineProgress<long>(n => progress(new BackupProgress("Archiving files", n, total)));
        foreach (var (relative, full) in files)
            await writer.AddFileAsync(relative, full, reporter, ct);
    }
}
