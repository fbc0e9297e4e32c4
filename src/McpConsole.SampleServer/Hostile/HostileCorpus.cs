using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpConsole.SampleServer.Hostile;

/// <summary>
/// Hostile mode (<c>--hostile-corpus FILE</c>): the server says what an attacker's server would. FILE is a JSON array
/// of strings; each becomes a tool whose name, title and description are that string, and each health report
/// (<c>/health</c>, <c>health://status</c>) uses the next string as its status and as the name of a failing
/// dependency. For testing that a client shows server text as text and never runs it.
/// </summary>
public sealed class HostileCorpus
{
    private static readonly JsonElement s_emptySchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;
    private int _next = -1;

    public HostileCorpus(IReadOnlyList<string> entries) => Entries = entries.Distinct(StringComparer.Ordinal).ToList();

    public static HostileCorpus Off { get; } = new([]);

    public IReadOnlyList<string> Entries { get; }

    public bool IsOn => Entries.Count > 0;

    /// <summary>Reads the JSON array of strings in <paramref name="path"/>; throws with the reason when it is not one.</summary>
    public static HostileCorpus Load(string path)
    {
        var entries = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(path))
            ?? throw new ArgumentException($"{path} must hold a JSON array of strings");
        if (entries.Count == 0)
            throw new ArgumentException($"{path} holds no strings");
        return new HostileCorpus(entries);
    }

    /// <summary>The text of the next health report (each report takes the next string, round robin).</summary>
    public string NextHealthText() => Entries[(int)((uint)Interlocked.Increment(ref _next) % (uint)Entries.Count)];

    /// <summary>tools/list: the real tools, then one tool per string.</summary>
    public static McpRequestFilter<ListToolsRequestParams, ListToolsResult> ListTools(HostileCorpus corpus) => next => async (context, ct) =>
    {
        var result = await next(context, ct);
        if (!corpus.IsOn) return result;
        result.Tools = [.. result.Tools, .. corpus.Entries.Select(e => new Tool { Name = e, Title = e, Description = e, InputSchema = s_emptySchema })];
        return result;
    };
}
