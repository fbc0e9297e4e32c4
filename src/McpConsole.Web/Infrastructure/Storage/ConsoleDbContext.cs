using McpConsole.Web.Features.Accounts;
using McpConsole.Web.Features.ApiKeys;
using McpConsole.Web.Features.Audit;
using McpConsole.Web.Features.Fleet;
using McpConsole.Web.Features.Probing;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace McpConsole.Web.Infrastructure.Storage;

/// <summary>
/// The console's own database. Entity mappings live beside each feature (IEntityTypeConfiguration). This type carries the
/// SQLite migrations; <see cref="Postgres.PostgresConsoleDbContext"/> is the same model with the PostgreSQL migrations.
/// </summary>
public class ConsoleDbContext : DbContext, IDataProtectionKeyContext
{
    public ConsoleDbContext(DbContextOptions<ConsoleDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific subtype, which owns its own migrations.</summary>
    protected ConsoleDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<ConsoleUser> Users => Set<ConsoleUser>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<McpServer> Servers => Set<McpServer>();
    public DbSet<ServerStatus> ServerStatus => Set<ServerStatus>();
    public DbSet<StateEvent> StateEvents => Set<StateEvent>();
    public DbSet<CatalogSnapshot> CatalogSnapshots => Set<CatalogSnapshot>();
    public DbSet<ProbeSample> ProbeSamples => Set<ProbeSample>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ConsoleDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite cannot order or compare DateTimeOffset; store UTC ticks so range filters run in the database.
        // PostgreSQL stores the same ticks (bigint), so the plain-SQL paths and the SQLite-to-PostgreSQL copy work unchanged.
        builder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
        builder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
    }
}
