using System.Globalization;
using McpConsole.Core.Costs;
using McpConsole.Web.Infrastructure.Outbound;
using McpConsole.Web.Infrastructure.Limits;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Costs.Sampling;

/// <summary>
/// GET /metrics over plain HTTP (no MCP session): process_cpu_seconds_total, process_resident_memory_bytes (or the
/// seed's mcp_server_memory_bytes), process_start_time_seconds, and mcp_requests_total summed over the methods that
/// are client work (tools/call, prompts/get, completion/complete). Listing methods and resources/read are left out:
/// the console's own probes make those (tools/list, health://status), and they are not demand.
/// </summary>
public sealed class PrometheusScraper(IHttpClientFactory httpFactory, IOptions<ResponseLimitOptions> limits, ILogger<PrometheusScraper> logger)
{
    public const string HttpClientName = "cost-metrics";
    /// <summary>{origin}/metrics of a server endpoint such as http://host:8080/mcp.</summary>
    public static Uri DefaultMetricsUrl(Uri endpoint) => new(new Uri(endpoint.GetLeftPart(UriPartial.Authority)), "/metrics");

    /// <summary>The reading, or why there is none (the URL does not answer with process metrics, or may not be fetched).</summary>
    public async Task<Scrape> ScrapeAsync(Uri url, TimeProvider clock, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await httpFactory.CreateClient(HttpClientName).GetAsync(url, deadline.Token);
            if (!response.IsSuccessStatusCode)
                return new Scrape(null, $"HTTP {(int)response.StatusCode}");
            var text = await response.Content.ReadAsStringAsync(limits.Value.MaxMetricsBytes, "/metrics", deadline.Token);
            return Parse(text, clock.GetUtcNow()) is { } reading ? new Scrape(reading, null) : new Scrape(null, "no process metrics in the answer");
        }
        catch (ResponseTooLargeException tooLarge)
        {
            logger.LogWarning("Not sampled from {Url}: {Reason}", url, tooLarge.Message);
            return new Scrape(null, tooLarge.Message);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return new Scrape(null, OutboundRefusedException.Find(ex)?.Message ?? (ex is OperationCanceledException ? "no answer within the timeout" : ex.Message));
        }
    }

    /// <param name="Failure">Why there is no reading: shown on the server page, never a stack trace.</param>
    public sealed record Scrape(Reading? Reading, string? Failure);

    /// <summary>Parses Prometheus text; null when it has neither CPU nor memory.</summary>
    public static Reading? Parse(string text, DateTimeOffset at)
    {
        double? cpu = null, rss = null, serverMemory = null, start = null, requests = null;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty || line[0] == '#')
                continue;
            var space = line.LastIndexOf(' ');
            if (space <= 0 || !double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                continue;
            var series = line[..space].TrimEnd();
            var brace = series.IndexOf('{');
            var name = brace < 0 ? series : series[..brace];
            switch (name)
            {
                case "process_cpu_seconds_total": cpu = value; break;
                case "process_resident_memory_bytes": rss = value; break;
                case "mcp_server_memory_bytes": serverMemory ??= value; break;
                case "process_start_time_seconds": start = value; break;
                case "mcp_requests_total":
                    if (brace >= 0 && Label(series[brace..], "method") is { } method && RequestKinds.IsDemand(method))
                        requests = (requests ?? 0) + value;
                    else
                        requests ??= 0; // the server counts requests: none of them demand yet
                    break;
            }
        }

        var memory = rss ?? serverMemory;
        if (cpu is null && memory is null)
            return null;
        return new Reading(at, cpu, memory, requests, $"start:{start?.ToString(CultureInfo.InvariantCulture) ?? "?"}");
    }

    private static string? Label(ReadOnlySpan<char> labels, string name)
    {
        var key = $"{name}=\"";
        var i = labels.IndexOf(key, StringComparison.Ordinal);
        if (i < 0)
            return null;
        var rest = labels[(i + key.Length)..];
        var end = rest.IndexOf('"');
        return end < 0 ? null : rest[..end].ToString();
    }
}
