using System.Text.Json;
using McpConsole.Web.Infrastructure;

namespace McpConsole.Web.Features.Probing;

/// <summary>One stdio server process the console started: enough to recognise it after a crash of the console.</summary>
public sealed record TrackedProcess(int ServerId, int Pid, long StartTime, string Command, IReadOnlyList<string> Arguments);

/// <summary>
/// The PIDs (with start times and command lines) of running stdio servers, in stdio-processes.json in the data
/// directory. Rewritten on every change, so a console that dies without stopping leaves an exact list behind.
/// </summary>
public sealed class StdioPidFile(DataDirectory dataDirectory)
{
    public const string FileName = "stdio-processes.json";
    private readonly Lock _gate = new();
    private readonly Dictionary<int, TrackedProcess> _entries = [];

    public string Path => dataDirectory.File(FileName);

    public void Add(TrackedProcess process)
    {
        lock (_gate)
        {
            _entries[process.Pid] = process;
            Save();
        }
    }

    public void Remove(int pid)
    {
        lock (_gate)
        {
            if (_entries.Remove(pid))
            {
                Save();
            }
        }
    }

    /// <summary>Entries left by a previous run (read once, before this run adds any).</summary>
    public IReadOnlyList<TrackedProcess> ReadPrevious()
    {
        try
        {
            return File.Exists(Path) ? JsonSerializer.Deserialize<List<TrackedProcess>>(File.ReadAllText(Path)) ?? [] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private void Save()
    {
        var temp = Path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(_entries.Values.ToList()));
        File.Move(temp, Path, overwrite: true);
    }
}
