using McpConsole.Web.Features.Accounts;

namespace McpConsole.Web.Features.ApiKeys;

public static class ApiKeyEndpoints
{
    public static void MapApiKeyEndpoints(this WebApplication app)
    {
        var keys = app.MapGroup("/api/apikeys").WithTags("API keys").RequireAuthorization(Policies.Admin);

        keys.MapGet("/", async (ApiKeyService service) => (await service.ListAsync()).Select(ApiKeyView.From))
            .WithSummary("All keys, without their secrets.");

        keys.MapPost("/", async (NewApiKey body, ApiKeyService service, HttpContext http) =>
        {
            try
            {
                var created = await service.CreateAsync(body.Name, body.Role, http.User.ActorName());
                return Results.Created($"/api/apikeys/{created.Key.Id}", new { key = ApiKeyView.From(created.Key), secret = created.Secret });
            }
            catch (AccountException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "The key was not created");
            }
        }).WithSummary("Creates a key; the secret is in this response only.");

        keys.MapDelete("/{id:int}", async (int id, ApiKeyService service, HttpContext http) =>
            await service.RevokeAsync(id, http.User.ActorName()) ? Results.NoContent() : Results.NotFound())
            .WithSummary("Revokes a key.");
    }
}

public sealed record NewApiKey(string Name, ConsoleRole Role);

public sealed record ApiKeyView(int Id, string Name, string Prefix, ConsoleRole Role, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyView From(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.Role, k.CreatedBy, k.CreatedAt, k.LastUsedAt, k.RevokedAt);
}
