using System.Text.Json.Serialization;
using McpConsole.Web.Features.Accounts;

namespace McpConsole.Web.Infrastructure.Api;

/// <summary>The REST API's shared plumbing: OpenAPI document at /api/openapi.json and problem-details errors.</summary>
public static class ApiSetup
{
    public static IHostApplicationBuilder AddConsoleApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "McpConsole API";
            doc.Info.Description = "Send an API key as 'X-Api-Key: KEY' or 'Authorization: Bearer KEY'.";
            return Task.CompletedTask;
        }));
        builder.Services.AddProblemDetails();
        // Roles and states travel as names ("Operator"), not numbers.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }

    /// <summary>APIs answer problem details without internals; pages show the plain /error and /not-found pages.</summary>
    public static void UseConsoleErrorHandling(this WebApplication app)
    {
        app.UseWhen(http => AuthSetup.IsMachineEndpoint(http.Request.Path), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(http => !AuthSetup.IsMachineEndpoint(http.Request.Path), pages =>
        {
            pages.UseExceptionHandler("/error", createScopeForErrors: true);
            pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
            // Re-executing keeps the method: a refused POST (an API key on a page's form) would become a POST of the
            // /not-found page, refused for its missing form token, and its 403 an unexplained 400.
            pages.Use((http, next) =>
            {
                if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
                    && http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } statusPages)
                    statusPages.Enabled = false;
                return next(http);
            });
        });
    }

    public static void MapConsoleApiDocument(this WebApplication app) =>
        app.MapOpenApi("/api/openapi.json").RequireAuthorization(Policies.Viewer);
}
