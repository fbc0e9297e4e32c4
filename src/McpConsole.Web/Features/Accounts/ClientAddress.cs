namespace McpConsole.Web.Features.Accounts;

public static class ClientAddress
{
    /// <summary>
    /// The address rate limits and sampled audit rows are kept per. Behind a reverse proxy this is the proxy's address
    /// unless the proxy's forwarded headers are applied before the console (see README, Security).
    /// </summary>
    public static string Of(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
