using System.Globalization;
using System.Text.RegularExpressions;

namespace McpConsole.SampleServer.Tests.Infrastructure;

public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A strict little parser of the Prometheus text format (0.0.4): throws <see cref="FormatException"/> on any line
/// it does not understand, on samples without a preceding TYPE, on duplicate series and on malformed histograms.
/// </summary>
public static partial class PrometheusParser
{
    public static (IReadOnlyDictionary<string, string> Types, IReadOnlyList<Sample> Samples) Parse(string text)
    {
        var types = new Dictionary<string, string>();
        var helps = new HashSet<string>();
        var samples = new List<Sample>();
        var seen = new HashSet<string>();
        if (!text.EndsWith('\n')) throw new FormatException("exposition must end with a newline");
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0) continue;
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var name = line.Split(' ', 4)[2];
                if (!helps.Add(name)) throw new FormatException($"second HELP for {name}");
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                if (parts.Length != 4 || parts[3] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                    throw new FormatException($"bad TYPE line: {line}");
                if (!types.TryAdd(parts[2], parts[3])) throw new FormatException($"second TYPE for {parts[2]}");
                continue;
            }
            if (line.StartsWith('#')) continue;
            var m = SampleRegex().Match(line);
            if (!m.Success) throw new FormatException($"bad sample line: {line}");
            var sample = new Sample(m.Groups["name"].Value, ParseLabels(m.Groups["labels"].Value), ParseValue(m.Groups["value"].Value));
            var family = FamilyOf(sample.Name, types) ?? throw new FormatException($"sample {sample.Name} has no TYPE before it");
            if (types[family] == "counter" && sample.Value < 0) throw new FormatException($"negative counter {sample.Name}");
            var key = sample.Name + "{" + string.Join(',', sample.Labels.OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}")) + "}";
            if (!seen.Add(key)) throw new FormatException($"duplicate series {key}");
            samples.Add(sample);
        }
        foreach (var (family, type) in types.Where(t => t.Value == "histogram")) CheckHistogram(family, samples);
        return (types, samples);
    }

    private static string? FamilyOf(string name, Dictionary<string, string> types)
    {
        if (types.ContainsKey(name)) return name;
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(name[..^suffix.Length], out var t) && t == "histogram")
                return name[..^suffix.Length];
        return null;
    }

    private static void CheckHistogram(string family, List<Sample> samples)
    {
        static string Key(Sample s) => string.Join(',', s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}"));
        foreach (var series in samples.Where(s => s.Name == family + "_bucket").GroupBy(Key))
        {
            var buckets = series.Select(s => (Le: ParseValue(s.Labels["le"]), s.Value)).OrderBy(b => b.Le).ToList();
            if (!double.IsPositiveInfinity(buckets[^1].Le)) throw new FormatException($"{family}{{{series.Key}}} has no +Inf bucket");
            for (var i = 1; i < buckets.Count; i++)
                if (buckets[i].Value < buckets[i - 1].Value) throw new FormatException($"{family} buckets not cumulative");
            var count = samples.SingleOrDefault(s => s.Name == family + "_count" && Key(s) == series.Key)
                ?? throw new FormatException($"{family}{{{series.Key}}} has no _count");
            _ = samples.SingleOrDefault(s => s.Name == family + "_sum" && Key(s) == series.Key)
                ?? throw new FormatException($"{family}{{{series.Key}}} has no _sum");
            if (count.Value != buckets[^1].Value) throw new FormatException($"{family} +Inf bucket differs from _count");
        }
    }

    private static Dictionary<string, string> ParseLabels(string body)
    {
        var labels = new Dictionary<string, string>();
        if (body.Length == 0) return labels;
        var pos = 0;
        while (pos < body.Length)
        {
            var m = LabelRegex().Match(body, pos);
            if (!m.Success || m.Index != pos) throw new FormatException($"bad labels: {body}");
            var value = Regex.Unescape(m.Groups["value"].Value);
            if (!labels.TryAdd(m.Groups["name"].Value, value)) throw new FormatException($"duplicate label in {body}");
            pos = m.Index + m.Length;
        }
        return labels;
    }

    private static double ParseValue(string v) => v switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( -?\d+)?$")]
    private static partial Regex SampleRegex();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)"",?")]
    private static partial Regex LabelRegex();
}
