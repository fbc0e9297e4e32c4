using System.Text;
using McpConsole.Core.Fleet;
using McpConsole.Web.Features.Accounts;

namespace McpConsole.Web.Features.Fleet;

/// <summary>The registry's REST API. Role checks beyond the route policy (stdio commands, secrets) live in <see cref="ServerRegistry"/>.</summary>
public static class FleetEndpoints
{
    private const int MaxImportBytes = 1024 * 1024;

    public static IHostApplicationBuilder AddFleet(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddSingleton<ServerMapping>();
        builder.Services.AddSingleton<RegistryChanges>();
        builder.Services.AddSingleton<IRegistryChanges>(sp => sp.GetRequiredService<RegistryChanges>());
        builder.Services.AddSingleton<ServerRegistry>();
        return builder;
    }

    public static void MapFleetEndpoints(this WebApplication app)
    {
        var servers = app.MapGroup("/api/servers").WithTags("Servers").RequireAuthorization(Policies.Viewer);

        servers.MapGet("/", async (ServerRegistry registry, HttpContext http, CancellationToken ct) =>
            {
                var list = await registry.ListAsync(includeUptime: true, ct);
                return Actor(http).IsOperator ? list : [.. list.Select(s => s.ForViewer())];
            })
            .WithSummary("All servers with their latest probe status (state is Unknown until first probed, and when its last result is older than interval x 2 + timeout: stale true, ageSeconds, lastKnownState); uptimePercent24h counts only known time, unknownPercent24h is the share without results; Viewers see URLs without user-info and query.");

        servers.MapGet("/{id:int}", async (int id, ServerRegistry registry, HttpContext http, CancellationToken ct) =>
            await registry.GetAsync(id, ct) is { } view ? Results.Ok(Actor(http).IsOperator ? view : view.ForViewer()) : Results.NotFound())
            .WithSummary("One server's definition; environment and header values and secret arguments are \"<redacted>\", and for Viewers URL user-info and query.");

        servers.MapGet("/{id:int}/state", async (int id, ServerRegistry registry, CancellationToken ct) =>
            await registry.GetStateAsync(id, ct) is { } state ? Results.Ok(state) : Results.NotFound())
            .WithSummary("One server's state as every page shows it: Unknown (\"no result since HH:MM:SS UTC\", stale: true) when its last result is older than interval x 2 + timeout; with lastCheckedAt, ageSeconds, the last known state, and 24 h uptime and unknown share.");

        servers.MapPost("/", async (ServerInput body, ServerRegistry registry, HttpContext http, CancellationToken ct) =>
            ToHttp(await registry.CreateAsync(body, Actor(http), ct), v => Results.Created($"/api/servers/{v.Id}", v)))
            .RequireAuthorization(Policies.Operator)
            .WithSummary("Registers a server. Stdio servers need the Admin role.");

        servers.MapPut("/{id:int}", async (int id, ServerInput body, ServerRegistry registry, HttpContext http, CancellationToken ct) =>
            ToHttp(await registry.UpdateAsync(id, body, Actor(http), ct), Results.Ok))
            .RequireAuthorization(Policies.Operator)
            .WithSummary("Changes a server. Omitted fields keep their value; \"<redacted>\" keeps a stored secret while the URL origin or stdio command stays (otherwise stored secrets are dropped and listed in droppedSecrets). Changing a stdio command needs Admin.");

        servers.MapDelete("/{id:int}", async (int id, ServerRegistry registry, HttpContext http, CancellationToken ct) =>
            ToHttp(await registry.DeleteAsync(id, Actor(http), ct), _ => Results.NoContent()))
            .RequireAuthorization(Policies.Operator)
            .WithSummary("Removes a server with its status and history.");

        servers.MapPost("/import", ImportAsync)
            .RequireAuthorization(Policies.Operator)
            .WithSummary("Imports a config file (mcpServers, VS Code servers, registry server.json, seed formats); dryRun=true previews.");

        servers.MapGet("/export", async (ServerRegistry registry, HttpContext http, CancellationToken ct, string? format, bool? includeSecrets) =>
        {
            var parsed = ParseFormat(format);
            if (parsed is null)
                return Results.Problem("format must be 'mcpServers' or 'vscode'", statusCode: StatusCodes.Status400BadRequest, title: "Unknown export format");
            var result = await registry.ExportAsync(parsed.Value, includeSecrets ?? false, Actor(http), ct);
            var file = parsed == ExportFormat.VsCode ? "mcp.json" : "mcp-servers.json";
            return ToHttp(result, json => Results.File(Encoding.UTF8.GetBytes(json), "application/json", file));
        }).WithSummary("The registry as a client config file; secrets redacted unless an Admin sets includeSecrets=true.");
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, ServerRegistry registry, CancellationToken ct, bool? dryRun)
    {
        if (request.ContentLength > MaxImportBytes)
            return Results.Problem($"the file is larger than {MaxImportBytes / 1024} KiB", statusCode: StatusCodes.Status413PayloadTooLarge);
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxImportBytes + 1];
        var length = await reader.ReadBlockAsync(buffer, ct);
        if (length > MaxImportBytes)
            return Results.Problem($"the file is larger than {MaxImportBytes / 1024} KiB", statusCode: StatusCodes.Status413PayloadTooLarge);

        var result = await registry.ImportAsync(new string(buffer, 0, length), dryRun ?? true, Actor(request.HttpContext), ct);
        if (result.Error is { } error)
        {
            return Results.Problem(error.Message, statusCode: StatusCodes.Status400BadRequest, title: "The import file was refused; nothing was imported",
                extensions: new Dictionary<string, object?> { ["line"] = error.Line, ["column"] = error.Column, ["reason"] = error.Reason });
        }

        return result.Outcome switch
        {
            RegistryOutcome.Ok => Results.Ok(result.Preview),
            RegistryOutcome.Forbidden => Results.Problem(result.Message, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed"),
            _ => Results.ValidationProblem(ToDictionary(result.Errors), result.Message, title: "The import was refused; nothing was imported"),
        };
    }

    private static ExportFormat? ParseFormat(string? format) => format?.ToLowerInvariant() switch
    {
        null or "" or "mcpservers" => ExportFormat.McpServers,
        "vscode" => ExportFormat.VsCode,
        _ => null,
    };

    private static RegistryActor Actor(HttpContext http) =>
        RegistryActor.From(http.User, http.Connection.RemoteIpAddress?.ToString());

    private static IResult ToHttp<T>(RegistryResult<T> result, Func<T, IResult> ok) => result.Outcome switch
    {
        RegistryOutcome.Ok => ok(result.Value!),
        RegistryOutcome.NotFound => Results.NotFound(),
        RegistryOutcome.Forbidden => Results.Problem(result.Message, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed"),
        RegistryOutcome.Conflict => Results.ValidationProblem(ToDictionary(result.Errors), result.Message, statusCode: StatusCodes.Status409Conflict, title: "Name already in use"),
        _ => Results.ValidationProblem(ToDictionary(result.Errors), result.Message),
    };

    /// <summary>Field errors keyed by the JSON property name (camelCase), as clients send them.</summary>
    private static Dictionary<string, string[]> ToDictionary(IEnumerable<FieldError> errors) =>
        errors.GroupBy(e => JsonName(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct().ToArray());

    private static string JsonName(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];
}
