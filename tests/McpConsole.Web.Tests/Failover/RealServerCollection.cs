namespace McpConsole.Web.Tests.Failover;

/// <summary>Failover timings are measured against a bound: these tests never run beside other test classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealServerCollection
{
    public const string Name = "failover real servers";
}
