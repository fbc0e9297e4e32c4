namespace McpConsole.Web.Features.Costs.Sampling;

/// <summary>
/// Raw counters read from one server at one time: cumulative CPU seconds, resident bytes, cumulative client requests.
/// <see cref="Identity"/> changes when the process behind the counters changed (PID + start time, or the Prometheus
/// process_start_time_seconds): counters are then compared with nothing, never subtracted across a restart.
/// </summary>
public sealed record Reading(DateTimeOffset At, double? CpuSeconds, double? MemoryBytes, double? Requests, string Identity);
