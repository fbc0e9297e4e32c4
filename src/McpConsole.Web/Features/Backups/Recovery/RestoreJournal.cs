using System.Text.Json;
using McpConsole.Core.Backups;

namespace McpConsole.Web.Features.Backups.Recovery;

/// <summary>Where a restore is. <see cref="RestoreStage.Replacing"/> is the only stage in which the target is being changed.</summary>
public enum RestoreStage
{
    /// <summary>Verifying, extracting, taking the safety backup: nothing of the target is changed yet.</summary>
    Checking,
    /// <summary>The verified content is complete in <see cref="RestoreJournalEntry.Scratch"/> and is being swapped in.</summary>
    Replacing,
}

public sealed record RestoreJournalEntry(string BackupId, string SourceKey, string SourceName, BackupSourceKind SourceKind, string Scratch,
    DateTimeOffset StartedAt, RestoreStage Stage, string? SafetyBackupId = null);

/// <summary>
/// "restore.journal.json" in the backups directory while a restore runs, removed when it ends (whether it succeeded or
/// failed). One still there at start means the console was killed mid-restore; <see cref="InterruptedOperations"/>
/// then finishes or reports it.
/// </summary>
public sealed class RestoreJournal(BackupStore store)
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private string Path => System.IO.Path.Combine(store.Root, "restore.journal.json");

    public void Write(RestoreJournalEntry entry) => BackupStore.WriteAtomically(Path, JsonSerializer.Serialize(entry, _json));

    /// <summary>The journal of an interrupted restore; null when none (or unreadable: then <paramref name="problem"/> says so).</summary>
    public RestoreJournalEntry? Read(out string? problem)
    {
        problem = null;
        if (!File.Exists(Path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<RestoreJournalEntry>(File.ReadAllText(Path), _json);
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            problem = $"the restore journal cannot be read: {ex.Message}";
            return null;
        }
    }

    public void Remove()
    {
        try { File.Delete(Path); }
        catch (IOException) { }
    }
}
