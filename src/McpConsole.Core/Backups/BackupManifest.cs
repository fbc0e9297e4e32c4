using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpConsole.Core.Backups;

/// <summary>
/// What a backup contains: written beside the archive (with the archive's own size and SHA-256) and,
/// without the archive fields, as the archive's last entry. Every file has its relative path, size and SHA-256.
/// </summary>
public sealed record BackupManifest
{
    public const int CurrentFormat = 1;
    public const string EntryName = "manifest.json";

    public int Format { get; init; } = CurrentFormat;
    public required string Id { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string SourceKey { get; init; }
    public required string SourceName { get; init; }
    public required BackupSourceKind SourceKind { get; init; }
    /// <summary>The plan that made it, null for "Backup now" and safety backups.</summary>
    public int? PlanId { get; init; }
    /// <summary>Taken automatically just before a restore.</summary>
    public bool IsSafetyBackup { get; init; }
    public required IReadOnlyList<ManifestFile> Files { get; init; }
    public required IReadOnlyDictionary<string, string> ToolVersions { get; init; }
    /// <summary>Size and SHA-256 of the archive file itself; absent in the copy inside the archive.</summary>
    public ArchiveDigest? Archive { get; init; }

    public long TotalFileBytes => Files.Sum(f => f.Size);

    private static readonly JsonSerializerOptions _json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, _json);

    /// <summary>Parses a manifest; null with a reason when the text is not a readable manifest.</summary>
    public static (BackupManifest? Manifest, string? Error) Parse(string json)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<BackupManifest>(json, _json);
            if (manifest is null)
                return (null, "the manifest is empty");
            if (manifest.Format != CurrentFormat)
                return (null, $"manifest format {manifest.Format} is not supported (expected {CurrentFormat})");
            return (manifest, null);
        }
        catch (JsonException ex)
        {
            return (null, $"the manifest is not valid JSON ({ex.Message.Split('.')[0]})");
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return (null, "the manifest is malformed");
        }
    }
}

public sealed record ManifestFile(string Path, long Size, string Sha256);

public sealed record ArchiveDigest(long Size, string Sha256);

public enum BackupSourceKind
{
    ConsoleDatabase,
    Files,
    PostgreSql,
}
