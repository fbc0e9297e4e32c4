using Hangfire.Dashboard;
using McpConsole.Web.Features.Accounts;

namespace McpConsole.Web.Infrastructure.Jobs;

/// <summary>The Hangfire dashboard can trigger and delete jobs: admins only, local or remote.</summary>
internal sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User.HasRoleAtLeast(ConsoleRole.Admin);
}
