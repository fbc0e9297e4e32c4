using System.Net;
using System.Text.RegularExpressions;
using McpConsole.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace McpConsole.Web.Tests.Security;

/// <summary>A client that logs in through the real /login form and then carries the login cookie, as a browser does.</summary>
public static partial class BrowserSession
{
    public static HttpClient Anonymous(ConsoleAppFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<HttpClient> LogInAsync(ConsoleAppFactory factory, string userName, string password)
    {
        var client = Anonymous(factory);
        var response = await PostLoginFormAsync(client, userName, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"login as {userName} answered {(int)response.StatusCode}");
        return client;
    }

    /// <summary>Reads the form's antiforgery token from GET /login and posts the form.</summary>
    public static async Task<HttpResponseMessage> PostLoginFormAsync(HttpClient client, string userName, string password)
    {
        var page = await client.GetStringAsync("/login");
        var token = TokenField().Match(page);
        Assert.True(token.Success, "the login form has no antiforgery token");
        return await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = "login",
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }

    [GeneratedRegex("""name="__RequestVerificationToken" value="([^"]+)""")]
    private static partial Regex TokenField();
}
