using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace McpConsole.SampleServer.Tests.Infrastructure;

public static class Admin
{
    /// <summary>POST /admin/faults with the admin token; asserts 200.</summary>
    public static async Task SetFaultsAsync(this IServerUnderTest server, object faults, CancellationToken ct)
    {
        using var response = await server.PostFaultsAsync(faults, InProcessServer.AdminToken, ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    public static Task<HttpResponseMessage> PostFaultsAsync(this IServerUnderTest server, object faults, string? token, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "admin/faults") { Content = JsonContent.Create(faults) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return server.Http.SendAsync(request, ct);
    }

    public static async Task<JsonElement> GetJsonAsync(this IServerUnderTest server, string path, CancellationToken ct)
    {
        using var response = await server.Http.GetAsync(path, ct);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
    }

    public static async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> PostRoleAsync(this IServerUnderTest server, string path, string role, long epoch, CancellationToken ct)
    {
        using var response = await server.Http.PostAsJsonAsync(path, new { role, epoch }, ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
        return (response.StatusCode, body);
    }
}
