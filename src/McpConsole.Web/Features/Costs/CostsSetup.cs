using McpConsole.Web.Features.Costs.Sampling;
using McpConsole.Web.Infrastructure.Jobs;
using McpConsole.Web.Infrastructure.Outbound;

namespace McpConsole.Web.Features.Costs;

public static class CostsSetup
{
    public const string RollupJobId = "costs-rollup-hour";
    public const string ThresholdJobId = "costs-daily-threshold";

    /// <summary>Resource sampler, hourly roll-up, prices, recommendations, the daily cost alert.</summary>
    public static IHostApplicationBuilder AddCosts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CostOptions>().Bind(builder.Configuration.GetSection(CostOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(PrometheusScraper.HttpClientName).UseOutboundPolicy();
        services.AddSingleton<PrometheusScraper>();
        services.AddSingleton<ResourceSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<ResourceSampler>());
        services.AddSingleton<CostServers>();
        services.AddSingleton<CostPrices>();
        services.AddSingleton<CostService>();
        services.AddSingleton<RecommendationBoard>();
        services.AddSingleton<ResourceRollupJob>();
        services.AddSingleton<CostThresholdAlerts>();
        services.AddSingleton<IRecurringJobs, CostJobs>();
        return builder;
    }

    public static void MapCosts(this WebApplication app) => app.MapCostEndpoints();
}
