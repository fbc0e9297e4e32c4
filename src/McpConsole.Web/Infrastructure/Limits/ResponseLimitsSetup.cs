namespace McpConsole.Web.Infrastructure.Limits;

public static class ResponseLimitsSetup
{
    /// <summary>The byte limits on bodies read from servers (<see cref="ResponseLimitOptions"/>).</summary>
    public static IHostApplicationBuilder AddResponseLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ResponseLimitOptions>().Bind(builder.Configuration.GetSection(ResponseLimitOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }
}
