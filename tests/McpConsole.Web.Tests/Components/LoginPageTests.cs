using Bunit;
using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Infrastructure;
using Microsoft.Extensions.Options;
using McpConsole.Web.Features.Accounts.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.Web.Tests.Components;

public sealed class LoginPageTests : ComponentTestContext
{
    [Fact]
    public void LoginForm_HasLabelledFields_AndPostsTheForm()
    {
        // Rendering the empty form never calls the service.
        Services.AddSingleton(new AccountService(null!, null!, null!, TimeProvider.System, Options.Create(new ConsoleOptions())));
        var page = Render<Login>(p => p.AddCascadingValue<HttpContext>(new DefaultHttpContext()));

        Assert.Equal("Log in", page.Find("h1").TextContent);
        Assert.Equal("username", page.Find("label[for=username]").GetAttribute("for"));
        Assert.Equal("password", page.Find("input#password").GetAttribute("type"));
        var form = page.Find("form");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("Log in", page.Find("button[type=submit]").TextContent);
    }

    [Theory]
    [InlineData("/servers?tab=1", "/servers?tab=1")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    public void ReturnUrl_OnlyLocalPathsAreFollowed(string? returnUrl, string expected) =>
        Assert.Equal(expected, Login.SafeReturnUrl(returnUrl));
}
