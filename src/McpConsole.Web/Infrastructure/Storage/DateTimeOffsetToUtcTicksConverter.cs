using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace McpConsole.Web.Infrastructure.Storage;

internal sealed class DateTimeOffsetToUtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
