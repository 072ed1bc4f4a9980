using Npgsql;

namespace ShangdingScore.Store.Postgres.Tests;

/// <summary>The store's own pool skips Npgsql's per-open session reset and keeps the rest of the given connection string (no server needed).</summary>
public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void ConnectionString_GivenSettingsKept_AndNoResetOnClose()
    {
        var built = new NpgsqlConnectionStringBuilder(PostgresCreditStore.ConnectionString("Host=db.example;Port=6432;Username=u;Password=p;Database=d;Maximum Pool Size=7;SSL Mode=Disable"));

        Assert.True(built.NoResetOnClose);
        Assert.Equal("db.example", built.Host);
        Assert.Equal(6432, built.Port);
        Assert.Equal("p", built.Password);
        Assert.Equal(7, built.MaxPoolSize);
        Assert.Equal(SslMode.Disable, built.SslMode);
    }
}
