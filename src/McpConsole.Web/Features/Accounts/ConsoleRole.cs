using Microsoft.AspNetCore.Authorization;

namespace McpConsole.Web.Features.Accounts;

/// <summary>Roles in increasing power: each role can do everything the ones before it can.</summary>
public enum ConsoleRole
{
    Viewer = 0,
    Operator = 1,
    Admin = 2,
}

public static class Policies
{
    /// <summary>Any signed-in user or API key.</summary>
    public const string Viewer = nameof(Viewer);

    /// <summary>Operators and admins: actions that change the fleet (failover, restore, backup).</summary>
    public const string Operator = nameof(Operator);

    /// <summary>Admins only: users, API keys, stdio commands, the jobs dashboard.</summary>
    public const string Admin = nameof(Admin);

    public static void Configure(AuthorizationOptions options)
    {
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.AddPolicy(Viewer, p => p.RequireAuthenticatedUser());
        options.AddPolicy(Operator, p => p.RequireRole(RolesAtLeast(ConsoleRole.Operator)));
        options.AddPolicy(Admin, p => p.RequireRole(RolesAtLeast(ConsoleRole.Admin)));
    }

    public static string[] RolesAtLeast(ConsoleRole role) =>
        Enum.GetValues<ConsoleRole>().Where(r => r >= role).Select(r => r.ToString()).ToArray();
}
