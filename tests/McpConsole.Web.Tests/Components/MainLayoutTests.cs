using Bunit;
using McpConsole.Web.Components.Layout;
using McpConsole.Web.Features.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpConsole.Web.Tests.Components;

public sealed class MainLayoutTests : ComponentTestContext
{
    public MainLayoutTests()
    {
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        SignInAs("ada", ConsoleRole.Admin);
    }

    [Fact]
    public void Layout_ShowsTitleUserRoleAndLogoutForm()
    {
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));

        Assert.Contains("McpConsole", layout.Find("header").TextContent);
        Assert.Contains("ada · Admin", layout.Find("[data-testid=current-user]").TextContent);
        var logout = layout.Find("form[action=logout]");
        Assert.Equal("post", logout.GetAttribute("method"));
        Assert.Contains("page body", layout.Markup);
    }

    [Fact]
    public void ThemeButton_TogglesDarkMode_AndRemembersIt()
    {
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "x"))));
        layout.Find("button[aria-label='Switch to dark theme']").Click();

        Assert.NotNull(layout.Find("button[aria-label='Switch to light theme']"));
        var save = JSInterop.Invocations["localStorage.setItem"].Single();
        Assert.Equal(["mcpconsole-theme", "dark"], save.Arguments);
    }

    [Fact]
    public void FailingPage_ShowsPlainNotice_WithoutStackTrace()
    {
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b =>
        {
            b.OpenComponent<ThrowingPage>(0);
            b.CloseComponent();
        })));

        var alert = layout.Find("[role=alert]");
        Assert.Contains("This page stopped working", alert.TextContent);
        Assert.DoesNotContain("InvalidOperationException", layout.Markup);
        Assert.DoesNotContain("secret detail", layout.Markup);
        Assert.DoesNotContain(" at McpConsole", layout.Markup);
    }

    private sealed class ThrowingPage : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("secret detail from the database");
    }
}
