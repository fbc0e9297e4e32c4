namespace McpConsole.Web.Infrastructure.Limits;

/// <summary>A server sent more than the console reads (<see cref="ResponseLimitOptions"/>).</summary>
public sealed class ResponseTooLargeException(string what, long limit)
    : IOException($"{what} response too large (over {limit} bytes)")
{
    public long Limit { get; } = limit;
}
