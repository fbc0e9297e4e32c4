using McpConsole.Core.Fleet;

namespace McpConsole.Web.Features.Fleet;

public enum RegistryOutcome
{
    Ok,
    NotFound,

    /// <summary>Field errors: see <see cref="RegistryResult{T}.Errors"/>.</summary>
    Invalid,

    /// <summary>Another server already has this name.</summary>
    Conflict,

    /// <summary>The actor's role does not allow this change (e.g. a stdio command without Admin).</summary>
    Forbidden,
}

/// <summary>The outcome of a registry change: a value, or why there is none.</summary>
public sealed record RegistryResult<T>(RegistryOutcome Outcome, T? Value, IReadOnlyList<FieldError> Errors, string? Message)
{
    public bool Succeeded => Outcome == RegistryOutcome.Ok;

    public static RegistryResult<T> Ok(T value) => new(RegistryOutcome.Ok, value, [], null);
    public static RegistryResult<T> NotFound() => new(RegistryOutcome.NotFound, default, [], "no server with this id");
    public static RegistryResult<T> Invalid(IReadOnlyList<FieldError> errors) => new(RegistryOutcome.Invalid, default, errors, "the server definition is not valid");
    public static RegistryResult<T> Forbidden(string message) => new(RegistryOutcome.Forbidden, default, [], message);

    public static RegistryResult<T> Conflict(string name) => new(RegistryOutcome.Conflict, default,
        [new FieldError(nameof(ServerDefinition.Name), $"a server named '{name}' already exists")], $"a server named '{name}' already exists");
}
