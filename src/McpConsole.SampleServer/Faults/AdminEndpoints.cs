using System.Security.Cryptography;
using System.Text;
using McpConsole.SampleServer.Hosting;

namespace McpConsole.SampleServer.Faults;

/// <summary>
/// GET/POST/DELETE /admin/faults. The token goes in <c>Authorization: Bearer &lt;token&gt;</c> (or <c>X-Admin-Token</c>).
/// POST replaces the whole fault set with the JSON body; DELETE clears it. Without a configured token: always 401.
/// </summary>
public static class AdminEndpoints
{
    public static WebApplication MapSampleAdmin(this WebApplication app)
    {
        var group = app.MapGroup("/admin").AddEndpointFilter(async (ctx, next) =>
            Authorized(ctx.HttpContext, ctx.HttpContext.RequestServices.GetRequiredService<SampleServerOptions>().AdminToken)
                ? await next(ctx)
                : Results.Json(new { error = "admin token required" }, statusCode: 401));

        group.MapGet("/faults", (FaultState f) => Results.Json(f.Current));
        group.MapDelete("/faults", (FaultState f) =>
        {
            f.Apply(new FaultSettings());
            return Results.Json(f.Current);
        });
        group.MapPost("/faults", (FaultSettings? body, FaultState f) =>
        {
            if (body is null) return Results.Json(new { error = "JSON body required" }, statusCode: 400);
            try
            {
                f.Apply(body);
            }
            catch (ArgumentException e)
            {
                return Results.Json(new { error = e.Message }, statusCode: 400);
            }
            return Results.Json(f.Current);
        });
        return app;
    }

    private static bool Authorized(HttpContext http, string? expected)
    {
        if (string.IsNullOrEmpty(expected)) return false;
        var auth = http.Request.Headers.Authorization.ToString();
        var given = auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? auth["Bearer ".Length..].Trim()
            : http.Request.Headers["X-Admin-Token"].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
    }
}
