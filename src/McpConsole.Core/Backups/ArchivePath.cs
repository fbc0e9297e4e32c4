namespace McpConsole.Core.Backups;

/// <summary>
/// Paths inside an archive are relative, forward-slash, and stay inside the source they came from.
/// Anything else (absolute paths, drive letters, "..", empty segments, control characters) is refused,
/// so a tampered archive can never write outside the registered source.
/// </summary>
public static class ArchivePath
{
    /// <summary>The normalized relative path, or an error saying why the entry is refused.</summary>
    public static (string? Path, string? Error) Check(string? entry)
    {
        if (string.IsNullOrWhiteSpace(entry))
            return (null, "empty path");
        if (entry.Any(char.IsControl))
            return (null, "path contains control characters");
        var normalized = entry.Replace('\\', '/');
        if (normalized.StartsWith('/') || (normalized.Length >= 2 && normalized[1] == ':'))
            return (null, $"'{entry}' is an absolute path");
        var segments = normalized.Split('/');
        foreach (var segment in segments)
        {
            if (segment == "..")
                return (null, $"'{entry}' climbs out of the source with '..'");
            if (segment is "" or ".")
                return (null, $"'{entry}' has an empty or '.' segment");
        }
        return (normalized, null);
    }

    public static bool IsSafe(string? entry) => Check(entry).Error is null;

    /// <summary>Where a checked entry lands under <paramref name="root"/>; throws if it would leave the root.</summary>
    public static string Resolve(string root, string entry)
    {
        var (path, error) = Check(entry);
        if (error is not null)
            throw new UnsafeArchivePathException(error);
        var fullRoot = System.IO.Path.GetFullPath(root);
        var target = System.IO.Path.GetFullPath(System.IO.Path.Combine(fullRoot, path!));
        var prefix = fullRoot.EndsWith(System.IO.Path.DirectorySeparatorChar) ? fullRoot : fullRoot + System.IO.Path.DirectorySeparatorChar;
        if (!target.StartsWith(prefix, StringComparison.Ordinal))
            throw new UnsafeArchivePathException($"'{entry}' resolves outside the source");
        return target;
    }
}

public sealed class UnsafeArchivePathException(string message) : Exception(message);
