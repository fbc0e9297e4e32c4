using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.Probing;
using McpConsole.Web.Infrastructure.Jobs;
using McpConsole.Web.Infrastructure.Outbound;

namespace McpConsole.Web.Features.Failover;

public static class FailoverSetup
{
    public static IHostApplicationBuilder AddFailover(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FailoverOptions>().Bind(builder.Configuration.GetSection(FailoverOptions.Section));
        services.AddHttpClient(RoleClient.HttpClientName).UseOutboundPolicy();
        services.AddSingleton<RoleClient>();
        services.AddSingleton<MemberChecks>();
        services.AddSingleton<FailoverNotifier>();
        services.AddSingleton<IServerRoles, FailoverRoles>();
        services.AddSingleton<FailoverTimeline>();
        services.AddSingleton<TransitionCommandRunner>();
        services.AddSingleton<FailoverStore>();
        services.AddSingleton<Promotions>();
        services.AddSingleton<FailoverCoordinator>();
        services.AddSingleton<FailoverGroups>();
        services.AddSingleton<FailoverTopology>();
        services.AddHostedService(sp => sp.GetRequiredService<FailoverTopology>());
        services.AddSingleton<DemoFailoverGroup>();
        services.AddTransient<FailoverJob>();
        services.AddSingleton<IRecurringJobs, FailoverJobs>();
        return builder;
    }

    public static void MapFailover(this WebApplication app) => app.MapFailoverEndpoints();
}
