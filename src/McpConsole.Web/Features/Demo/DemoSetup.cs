namespace McpConsole.Web.Features.Demo;

public static class DemoSetup
{
    public static IHostApplicationBuilder AddDemoFleet(this IHostApplicationBuilder builder, string[] args)
    {
        if (args.Contains("--demo"))
            builder.Configuration[$"{DemoOptions.Section}:Enabled"] = "true";
        builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.Section));
        if (builder.Configuration.GetValue<bool>($"{DemoOptions.Section}:Enabled"))
            builder.Services.AddHostedService<DemoFleet>();
        return builder;
    }
}
