using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using McpConsole.Web.Infrastructure.Outbound;
using McpConsole.Core.Text;
using McpConsole.Web.Infrastructure.Limits;
using Microsoft.Extensions.Options;

namespace McpConsole.Web.Features.Failover;

/// <summary>What a server said about its role.</summary>
public sealed record RoleReply(bool Accepted, string? Role, long? Epoch, string? Error)
{
    public static RoleReply Unreachable(string error) => new(false, null, null, error);
}

/// <summary>
/// The seed's role protocol against a server's HTTP origin: POST /promote and /demote with {role, epoch}, GET /role.
/// The one place the console talks to servers for something other than probing.
/// </summary>
public sealed class RoleClient(IHttpClientFactory httpFactory, IOptions<ResponseLimitOptions> limits)
{
    public const string HttpClientName = "failover-roles";

    public Task<RoleReply> PromoteAsync(Uri origin, long epoch, TimeSpan timeout, CancellationToken ct) =>
        SendAsync(origin, "promote", new RoleBody("primary", epoch), timeout, ct);

    public Task<RoleReply> DemoteAsync(Uri origin, long epoch, TimeSpan timeout, CancellationToken ct) =>
        SendAsync(origin, "demote", new RoleBody("standby", epoch), timeout, ct);

    public async Task<RoleReply> GetRoleAsync(Uri origin, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await httpFactory.CreateClient(HttpClientName).GetAsync(new Uri(origin, "role"), deadline.Token);
            return await ReadAsync(response, deadline.Token);
        }
        catch (Exception ex) when (IsTransportFailure(ex, ct))
        {
            return RoleReply.Unreachable(Describe(ex));
        }
    }

    private async Task<RoleReply> SendAsync(Uri origin, string path, RoleBody body, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await httpFactory.CreateClient(HttpClientName).PostAsJsonAsync(new Uri(origin, path), body, deadline.Token);
            return await ReadAsync(response, deadline.Token);
        }
        catch (Exception ex) when (IsTransportFailure(ex, ct))
        {
            return RoleReply.Unreachable(Describe(ex));
        }
    }

    private async Task<RoleReply> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        RoleBodyReply? reply = null;
        try
        {
            // A role reply is a health-sized answer: read no more than a health report.
            var text = await response.Content.ReadAsStringAsync(limits.Value.MaxHealthBytes, "role", ct);
            reply = text.Length == 0 ? null : JsonSerializer.Deserialize<RoleBodyReply>(text, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            // Not the role protocol's JSON: reported by status code below.
        }
        catch (ResponseTooLargeException tooLarge)
        {
            return new RoleReply(false, null, null, $"HTTP {(int)response.StatusCode}: {tooLarge.Message}");
        }
        if (response.IsSuccessStatusCode && reply is not null)
            return new RoleReply(true, reply.Role, reply.Epoch, null);
        var error = reply?.Error ?? $"HTTP {(int)response.StatusCode}";
        return new RoleReply(false, reply?.Role, reply?.Epoch, $"HTTP {(int)response.StatusCode}: {Cut(error)}");
    }

    private static bool IsTransportFailure(Exception ex, CancellationToken ct) =>
        ex is HttpRequestException or TaskCanceledException or OperationCanceledException or InvalidOperationException && !ct.IsCancellationRequested;

    private static string Describe(Exception ex) =>
        OutboundRefusedException.Find(ex) is { } refused ? refused.Message : ex is OperationCanceledException ? "no answer within the timeout" : Cut(ex.Message);

    private static string Cut(string text) => SafeText.Cut(text, 300);

    private sealed record RoleBody(string Role, long Epoch);

    private sealed record RoleBodyReply(
        [property: JsonPropertyName("role")] string? Role,
        [property: JsonPropertyName("epoch")] long? Epoch,
        [property: JsonPropertyName("error")] string? Error);
}
