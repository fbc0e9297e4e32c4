using Hangfire;
using McpConsole.Web.Features.Costs.Sampling;
using Microsoft.Extensions.Options;

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
        services.AddHttpClient(PrometheusScraper.HttpClientName);
        services.AddSingleton<PrometheusScraper>();
        services.AddSingleton<ResourceSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<ResourceSampler>());
        services.AddSingleton<CostServers>();
        services.AddSingleton<CostPrices>();
        services.AddSingleton<CostService>();
        services.AddSingleton<RecommendationBoard>();
        services.AddSingleton<ResourceRollupJob>();
        services.AddSingleton<CostThresholdAlerts>();
        return builder;
    }

    public static void MapCosts(this WebApplication app)
    {
        app.MapCostEndpoints();
        var options = app.Services.GetRequiredService<IOptions<CostOptions>>().Value;
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        jobs.AddOrUpdate<ResourceRollupJob>(RollupJobId, j => j.RunAsync(CancellationToken.None), options.RollupCron, utc);
        jobs.AddOrUpdate<CostThresholdAlerts>(ThresholdJobId, j => j.CheckAsync(CancellationToken.None), options.ThresholdCron, utc);
    }
}
