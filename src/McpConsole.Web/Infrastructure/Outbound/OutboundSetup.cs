namespace McpConsole.Web.Infrastructure.Outbound;

public static class OutboundSetup
{
    /// <summary>The outbound policy (options "McpConsole:Outbound"), shared by every client that fetches operator-entered URLs.</summary>
    public static IHostApplicationBuilder AddOutboundPolicy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutboundOptions>().Bind(builder.Configuration.GetSection(OutboundOptions.Section));
        builder.Services.AddSingleton<OutboundPolicy>();
        return builder;
    }

    /// <summary>This named client connects and follows redirects only as the outbound policy allows.</summary>
    public static IHttpClientBuilder UseOutboundPolicy(this IHttpClientBuilder client) =>
        client.ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundPolicy>().CreateHandler());
}
