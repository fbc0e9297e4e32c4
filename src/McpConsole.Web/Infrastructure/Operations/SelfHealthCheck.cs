namespace McpConsole.Web.Infrastructure.Operations;

/// <summary>
/// `McpConsole.Web --healthcheck`: asks this machine's console for /health and exits 0 or 1.
/// Container images have no curl; Docker's HEALTHCHECK runs this instead.
/// </summary>
public static class SelfHealthCheck
{
    public static bool Requested(string[] args) => args.Contains("--healthcheck");

    public static async Task<int> RunAsync()
    {
        var url = (Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? "http://127.0.0.1:8080").Split(';')[0]
            .Replace("0.0.0.0", "127.0.0.1").Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("[::]", "127.0.0.1");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            var response = await http.GetAsync(url.TrimEnd('/') + "/health");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"health check failed: {ex.Message}");
            return 1;
        }
    }
}
