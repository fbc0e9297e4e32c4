using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace McpConsole.Web.Tests.Infrastructure;

/// <summary>Issue 15, item 3: every response carries the Content-Security-Policy and the other security headers.</summary>
public sealed partial class SecurityHeadersTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    [Theory]
    [InlineData("/login", HttpStatusCode.OK)]
    [InlineData("/health", HttpStatusCode.OK)]
    [InlineData("/api/me", HttpStatusCode.Unauthorized)]
    [InlineData("/favicon.svg", HttpStatusCode.OK)]
    [InlineData("/servers", HttpStatusCode.Redirect)] // to the login page
    public async Task EveryKindOfResponse_CarriesThePolicyAndTheSecurityHeaders(string path, HttpStatusCode expected)
    {
        var response = await app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Matches(@"(^|; )script-src 'self' 'nonce-[A-Za-z0-9+/_=-]{22,}'(;|$)", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Contains("base-uri 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task TheJobsDashboard_CarriesThePolicyToo()
    {
        var response = await app.AdminClient().GetAsync("/jobs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task BlazorsImportMap_CarriesTheNonceOfItsResponse_AndEachResponseHasItsOwn()
    {
        var client = app.Factory.CreateClient();
        var first = await client.GetAsync("/login");
        var second = await client.GetAsync("/login");

        var nonce = HeaderNonce(first);
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", await first.Content.ReadAsStringAsync());
        Assert.NotEqual(nonce, HeaderNonce(second));
    }

    private static string HeaderNonce(HttpResponseMessage response) =>
        NonceInPolicy().Match(Assert.Single(response.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceInPolicy();
}
