using McpConsole.Core.Costs;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Features.Costs;

public static class PriceScopes
{
    public const string Default = "Default";
    public const string Group = "Group";
    public const string Location = "Location";
}

/// <summary>One price line as the API and the settings panel show it.</summary>
public sealed record PriceInput(string Scope, string? Name, decimal CpuCoreHour, decimal GbHour);

/// <summary>All cost settings: currency, prices (default first), the daily alert threshold.</summary>
public sealed record CostSettingsView(string Currency, IReadOnlyList<PriceInput> Prices, decimal? DailyThreshold);

/// <summary>Prices per group and location, the currency and the daily threshold (Admin changes them; every change is audited).</summary>
public sealed class CostPrices(IDbContextFactory<ConsoleDbContext> dbFactory, AuditLog audit)
{
    public async Task<CostSettingsView> GetAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.Set<CostSettingsRow>().AsNoTracking().FirstOrDefaultAsync(ct) ?? new CostSettingsRow();
        var rows = await db.Set<CostPriceRow>().AsNoTracking().ToListAsync(ct);
        var prices = rows.Select(r => new PriceInput(r.Scope, r.Scope == PriceScopes.Default ? null : r.Name, r.CpuCoreHour, r.GbHour)).ToList();
        if (!prices.Any(p => p.Scope == PriceScopes.Default))
            prices.Add(new PriceInput(PriceScopes.Default, null, Price.Default.CpuCoreHour, Price.Default.GbHour));
        return new CostSettingsView(settings.Currency,
            [.. prices.OrderBy(p => p.Scope == PriceScopes.Default ? 0 : 1).ThenBy(p => p.Scope).ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase)],
            settings.DailyThreshold);
    }

    public async Task<PriceBook> BookAsync(CancellationToken ct) => ToBook(await GetAsync(ct));

    public static PriceBook ToBook(CostSettingsView view)
    {
        Price P(PriceInput p) => new(p.CpuCoreHour, p.GbHour, view.Currency);
        var byGroup = view.Prices.Where(p => p.Scope == PriceScopes.Group).ToDictionary(p => p.Name!, P, StringComparer.OrdinalIgnoreCase);
        var byLocation = view.Prices.Where(p => p.Scope == PriceScopes.Location).ToDictionary(p => p.Name!, P, StringComparer.OrdinalIgnoreCase);
        return new PriceBook(P(view.Prices.First(p => p.Scope == PriceScopes.Default)), byGroup, byLocation);
    }

    /// <summary>Replaces every setting; the error when one is invalid (nothing is saved then).</summary>
    public async Task<string?> SaveAsync(CostSettingsView input, string actor, CancellationToken ct)
    {
        if (Validate(input) is { } error)
            return error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.Set<CostSettingsRow>().FirstOrDefaultAsync(ct);
        if (settings is null)
            db.Add(settings = new CostSettingsRow());
        settings.Currency = input.Currency.Trim().ToUpperInvariant();
        settings.DailyThreshold = input.DailyThreshold;
        db.RemoveRange(await db.Set<CostPriceRow>().ToListAsync(ct));
        foreach (var p in input.Prices)
            db.Add(new CostPriceRow { Scope = p.Scope, Name = p.Scope == PriceScopes.Default ? "" : p.Name!.Trim(), CpuCoreHour = p.CpuCoreHour, GbHour = p.GbHour });
        await db.SaveChangesAsync(ct);
        var summary = string.Join("; ", input.Prices.Select(p => $"{p.Scope}{(p.Name is null ? "" : $" {p.Name}")}: {p.CpuCoreHour}/vCPU-h {p.GbHour}/GB-h"));
        await audit.RecordAsync(new AuditRecord(actor, "costs.prices", settings.Currency, $"{summary}; daily threshold {input.DailyThreshold?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}"), ct);
        return null;
    }

    public static string? Validate(CostSettingsView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.Currency) || input.Currency.Trim().Length is < 3 or > 10)
            return "the currency needs a code of 3 to 10 letters (e.g. USD, EUR)";
        if (input.DailyThreshold is < 0)
            return "the daily threshold cannot be negative";
        if (input.Prices.Count(p => p.Scope == PriceScopes.Default) != 1)
            return "give exactly one default price";
        foreach (var p in input.Prices)
        {
            if (p.Scope is not (PriceScopes.Default or PriceScopes.Group or PriceScopes.Location))
                return $"unknown price scope '{p.Scope}' (Default, Group, Location)";
            if (p.Scope != PriceScopes.Default && string.IsNullOrWhiteSpace(p.Name))
                return $"a {p.Scope.ToLowerInvariant()} price needs the {p.Scope.ToLowerInvariant()} name";
            if (p.CpuCoreHour < 0 || p.GbHour < 0 || p.CpuCoreHour > 1000 || p.GbHour > 1000)
                return "prices must be between 0 and 1000 per hour";
        }

        var duplicate = input.Prices.Where(p => p.Scope != PriceScopes.Default).GroupBy(p => (p.Scope, p.Name!.Trim().ToUpperInvariant())).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? null : $"two prices for {duplicate.Key.Scope.ToLowerInvariant()} '{duplicate.First().Name}'";
    }
}
