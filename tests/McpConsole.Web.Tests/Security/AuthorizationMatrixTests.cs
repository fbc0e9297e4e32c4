using System.Net;
using System.Reflection;
using System.Text;
using McpConsole.TestSupport;
using McpConsole.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace McpConsole.Web.Tests.Security;

/// <summary>
/// The guard rail of issue 15: every endpoint the app maps (EndpointDataSource) and every routable page, called as
/// anonymous, as a Viewer, Operator and Admin signed in by cookie, and with a Viewer, Operator and Admin API key, must
/// answer as the minimum role it declares. An endpoint or page without a declared role (a Viewer, Operator or Admin
/// policy, or one of the deliberately public paths below) fails the test: the fallback policy is a safety net, not a
/// declaration. Route parameters get ids that do not exist, so state-changing calls change nothing; a 404 or 400 for an
/// allowed caller is fine, the question is only 401/403/redirect to the login page versus let through.
/// </summary>
public sealed class AuthorizationMatrixTests(MatrixConsoleFixture app, ITestOutputHelper output) : IClassFixture<MatrixConsoleFixture>
{
    /// <summary>What anyone may call without signing in. Static files (MapStaticAssets) are public too.</summary>
    private static readonly HashSet<string> DeliberatelyPublic = new(StringComparer.OrdinalIgnoreCase)
    {
        "/health",         // liveness, for orchestrators
        "/ready",          // readiness, for orchestrators and load balancers
        "/login",          // the login form
        "/logout",         // signs out whoever sends its antiforgery token
        "/access-denied",  // where a signed-in user lacking the role lands
        "/error",          // the error page re-executed for any failed request
    };

    /// <summary>
    /// Endpoints the framework maps on its own, which take no conventions: ASP.NET Core's development-time static file
    /// fallback (MapStaticAssets on a build manifest, as in tests; absent from a published app) is guarded by the fallback policy.
    /// </summary>
    private static readonly Dictionary<string, Declaration> FrameworkEndpoints = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/{**path:file}"] = Declaration.Viewer,
    };

    private static readonly string[] Unsafe = ["POST", "PUT", "PATCH", "DELETE"];

    [Fact]
    public async Task EveryEndpointAndPage_LetsThroughExactlyTheRolesItDeclares()
    {
        var routes = Routes();
        var callers = await app.CallersAsync();
        var undeclared = routes.Where(r => r.Declared is Declaration.Undeclared).Select(r => $"{r.Method} {r.Pattern}: {r.Why}").ToList();
        var mismatches = new List<string>();
        var table = new StringBuilder();
        var calls = 0;

        // Safe methods first, DELETE last: even with dummy ids nothing is destroyed before it is read.
        foreach (var route in routes.Where(r => r.Declared is not Declaration.Undeclared).OrderBy(r => Array.IndexOf(Unsafe, r.Method)))
        {
            table.Append($"{route.Method,-6} {route.Pattern,-60} {route.Declared,-10}");
            foreach (var caller in callers)
            {
                var (status, letThrough) = await CallAsync(caller.Client, route.Method, route.Path);
                calls++;
                table.Append($" {caller.Name}={status}");
                var expected = route.Declared == Declaration.Public || (caller.Role is { } role && role >= (ConsoleRole)route.Declared);
                if (expected != letThrough)
                    mismatches.Add($"{route.Method} {route.Path} ({route.Declared}) as {caller.Name}: {status}, expected {(expected ? "allowed" : "denied")}");
            }
            table.AppendLine();
        }

        // No call signed anyone out or broke a session: the matrix measured what it meant to.
        foreach (var caller in callers.Where(c => c.Role is not null))
            Assert.Equal(HttpStatusCode.OK, (await caller.Client.GetAsync("/api/me")).StatusCode);

        var staticFiles = routes.Count(r => r.Declared == Declaration.Public && !DeliberatelyPublic.Contains(r.Pattern));
        output.WriteLine($"{routes.Count} endpoints ({routes.Count - staticFiles} routes and pages, {staticFiles} static files) x {callers.Count} callers = {calls} calls, "
            + $"{mismatches.Count} mismatches, {undeclared.Count} undeclared");
        output.WriteLine(table.ToString());
        Assert.True(undeclared.Count == 0, "Declare a role (Viewer, Operator or Admin policy) or list the path as deliberately public:\n" + string.Join('\n', undeclared));
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
        Assert.True(routes.Count > 50, $"only {routes.Count} endpoints found: the enumeration is broken");
    }

    [Fact]
    public void EveryRoutablePage_IsAnEndpointOfTheMatrix()
    {
        var patterns = Routes().Select(r => Normalize(r.Pattern)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var pages = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (Page: t.Name, r.Template)))
            .ToList();
        Assert.NotEmpty(pages);
        Assert.All(pages, p => Assert.True(patterns.Contains(Normalize(p.Template)), $"page {p.Page} ({p.Template}) is not in the endpoint data source"));
    }

    private List<MatrixRoute> Routes()
    {
        var source = app.Factory.Services.GetRequiredService<EndpointDataSource>();
        var routes = new List<MatrixRoute>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Where(m => m is not ("HEAD" or "OPTIONS")).ToList();
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var (declared, why) = Declare(endpoint, pattern);
            foreach (var method in methods is { Count: > 0 } ? methods : ["GET"])
                routes.Add(new MatrixRoute(method, pattern, Fill(endpoint.RoutePattern), declared, $"{why} [{endpoint.DisplayName}; {string.Join(", ", endpoint.Metadata.Select(m => m.GetType().Name))}]"));
        }
        return routes;
    }

    private static (Declaration, string) Declare(Endpoint endpoint, string pattern)
    {
        if (FrameworkEndpoints.TryGetValue(pattern, out var framework) && endpoint.Metadata.GetMetadata<IAuthorizeData>() is null)
            return (framework, "");
        // A page declares its role on itself: a convention on all pages (the Viewer policy on MapRazorComponents, which
        // covers Blazor's own endpoints) must not stand in for a page that forgot its attribute.
        if (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is { } page)
            return DeclareFrom(page.Type.GetCustomAttributes(inherit: true), pattern, isStaticFile: false);
        return DeclareFrom(endpoint.Metadata, pattern, IsStaticFile(endpoint));
    }

    private static (Declaration, string) DeclareFrom(IReadOnlyList<object> metadata, string pattern, bool isStaticFile)
    {
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return DeliberatelyPublic.Contains(pattern) || isStaticFile
                ? (Declaration.Public, "")
                : (Declaration.Undeclared, "allows anonymous callers but is not in the list of deliberately public paths");
        }

        var policies = metadata.OfType<IAuthorizeData>().ToList();
        if (policies.Count == 0)
            return (Declaration.Undeclared, "no authorization metadata (only the fallback policy protects it)");
        var roles = new List<ConsoleRole>();
        foreach (var data in policies)
        {
            if (!Enum.TryParse<ConsoleRole>(data.Policy, out var role) || data.Roles is not null || data.AuthenticationSchemes is not null)
                return (Declaration.Undeclared, $"authorization without a Viewer/Operator/Admin policy ({data.Policy ?? data.Roles ?? "plain [Authorize]"})");
            roles.Add(role);
        }
        return ((Declaration)roles.Max(), "");
    }

    private static bool IsStaticFile(Endpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().FullName == "Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor");

    /// <summary>The pattern with every parameter filled: ids that do not exist, names nobody uses.</summary>
    private static string Fill(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart { IsCatchAll: true } p when p.ParameterPolicies.Any(c => c.Content is "file") => "matrix.txt",
            RoutePatternParameterPart { IsCatchAll: true } => "matrix",
            RoutePatternParameterPart p when p.ParameterPolicies.Any(c => c.Content is "int" or "long") => "987654",
            RoutePatternParameterPart p when p.ParameterPolicies.Any(c => c.Content is "guid") => Guid.Empty.ToString(),
            RoutePatternParameterPart => "matrix-none",
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }

    private static async Task<(string Status, bool LetThrough)> CallAsync(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (Unsafe.Contains(method))
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var location = response.Headers.Location?.OriginalString ?? "";
            var toLogin = status is >= 300 and < 400 && (location.Contains("/login", StringComparison.OrdinalIgnoreCase) || location.Contains("/access-denied", StringComparison.OrdinalIgnoreCase));
            return (toLogin ? $"{status}>{(location.Contains("/login") ? "login" : "denied")}" : status.ToString(), !(status is 401 or 403 || toLogin));
        }
        catch (OperationCanceledException)
        {
            // Still streaming after 15 s: it got past authorization (a refusal answers at once).
            return ("stream", true);
        }
    }

    private static string Normalize(string template) => "/" + template.Trim('/');

    private enum Declaration
    {
        Viewer = ConsoleRole.Viewer,
        Operator = ConsoleRole.Operator,
        Admin = ConsoleRole.Admin,
        Public = 100,
        Undeclared = 101,
    }

    private sealed record MatrixRoute(string Method, string Pattern, string Path, Declaration Declared, string Why);
}

public sealed record MatrixCaller(string Name, ConsoleRole? Role, HttpClient Client);

/// <summary>A console of its own (the matrix posts to every endpoint), probing off, with a user and a key per role.</summary>
public sealed class MatrixConsoleFixture : IAsyncLifetime
{
    private List<MatrixCaller>? _callers;

    public ConsoleAppFactory Factory { get; } = new()
    {
        Settings = new Dictionary<string, string> { ["McpConsole:Probing:Enabled"] = "false" },
    };

    public async Task<List<MatrixCaller>> CallersAsync()
    {
        if (_callers is not null)
            return _callers;
        var accounts = Factory.Services.GetRequiredService<AccountService>();
        var callers = new List<MatrixCaller> { new("anonymous", null, BrowserSession.Anonymous(Factory)) };
        foreach (var role in Enum.GetValues<ConsoleRole>())
        {
            var name = "matrix-" + role.ToString().ToLowerInvariant();
            var password = name + "-password";
            if (role == ConsoleRole.Admin)
                (name, password) = ("admin", ConsoleAppFactory.AdminPassword);
            else
                await accounts.CreateUserAsync(name, password, role, "test");
            callers.Add(new("cookie-" + role, role, await BrowserSession.LogInAsync(Factory, name, password)));
        }
        foreach (var role in Enum.GetValues<ConsoleRole>())
            callers.Add(new("key-" + role, role, await KeyClientAsync(role)));
        return _callers = callers;
    }

    private async Task<HttpClient> KeyClientAsync(ConsoleRole role)
    {
        var secret = ConsoleAppFactory.BootstrapKey;
        if (role != ConsoleRole.Admin)
        {
            var created = await Factory.Services.GetRequiredService<Features.ApiKeys.ApiKeyService>().CreateAsync("matrix-" + role, role, "test");
            secret = created.Secret;
        }
        var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        return client;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
