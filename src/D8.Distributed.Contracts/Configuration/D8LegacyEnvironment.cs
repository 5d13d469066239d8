namespace D8.Distributed.Contracts;

/// <summary>
/// The environment variables that deployments of the old Python system use, and the <c>D8:*</c> configuration keys
/// <see cref="D8ConfigurationBuilderExtensions.AddD8LegacyEnvironmentVariables(Microsoft.Extensions.Configuration.IConfigurationBuilder)"/>
/// maps them onto.
/// </summary>
public static class D8LegacyEnvironment
{
    /// <summary>The token shared by the master and the slaves: <c>D8:Master:Token</c> and <c>D8:Slave:AuthToken</c>.</summary>
    public const string SlaveToken = "SLAVE_TOKEN";

    /// <summary>
    /// The old alias of <see cref="SlaveToken"/>, used when <see cref="SlaveToken"/> is not set; its <c>_FILE</c> variant
    /// (<c>SLAVE_AUTH_TOKEN_FILE</c>) comes after <c>SLAVE_TOKEN_FILE</c>.
    /// </summary>
    public const string SlaveAuthToken = "SLAVE_AUTH_TOKEN";

    /// <summary>The slave's bind address: <c>D8:Slave:Host</c>.</summary>
    public const string SlaveHost = "SLAVE_HOST";

    /// <summary>The slave's port: <c>D8:Slave:Port</c>.</summary>
    public const string SlavePort = "SLAVE_PORT";

    /// <summary>The data directory: <c>D8:Master:DataDirectory</c> and <c>D8:HumanRequests:DataDirectory</c>.</summary>
    public const string DataDirectory = "D8_DATA_DIR";

    /// <summary>The Telegram bot token: <c>D8:Telegram:BotToken</c>.</summary>
    public const string TelegramToken = "TELEGRAM_TOKEN";

    /// <summary>
    /// The authorised chat ids, comma- or semicolon-separated: <c>D8:Telegram:AuthorizedChatIds</c>. One that is not a
    /// whole number fails the build of the configuration naming this variable.
    /// </summary>
    public const string TelegramChatId = "TELEGRAM_CHAT_ID";

    /// <summary>
    /// The bearer token of the master API: <c>D8:Master:ApiToken</c> (what the master requires) and <c>D8:Cli:ApiToken</c>
    /// (what the command line sends). Also read from <c>D8_API_TOKEN_FILE</c> and the systemd credential
    /// <see cref="ApiTokenCredential"/>.
    /// </summary>
    public const string ApiToken = "D8_API_TOKEN";

    /// <summary>
    /// The PostgreSQL connection string of a master that keeps its stores there: <c>D8:PostgreSql:ConnectionString</c>.
    /// Also read from <c>D8_POSTGRESQL_CONNECTION_STRING_FILE</c> and the systemd credential
    /// <see cref="PostgreSqlConnectionStringCredential"/> (it holds the database password).
    /// </summary>
    public const string PostgreSqlConnectionString = "D8_POSTGRESQL_CONNECTION_STRING";

    /// <summary>
    /// The dashboard's sign-in password: <c>D8:Dashboard:Password</c>. Also read from <c>D8_DASHBOARD_PASSWORD_FILE</c>
    /// and the systemd credential <see cref="DashboardPasswordCredential"/>.
    /// </summary>
    public const string DashboardPassword = "D8_DASHBOARD_PASSWORD";

    /// <summary>The suffix of a variable that names a file holding the secret instead of the secret itself.</summary>
    public const string FileSuffix = "_FILE";

    /// <summary>The variable systemd sets to the folder of the credentials a unit loads (<c>LoadCredential=</c>).</summary>
    public const string CredentialsDirectory = "CREDENTIALS_DIRECTORY";

    /// <summary>The systemd credential holding <see cref="SlaveToken"/> (<c>LoadCredential=slave_token:/etc/d8/slave_token</c>).</summary>
    public const string SlaveTokenCredential = "slave_token";

    /// <summary>The systemd credential holding <see cref="ApiToken"/> (<c>LoadCredential=d8_api_token:/etc/d8/api_token</c>).</summary>
    public const string ApiTokenCredential = "d8_api_token";

    /// <summary>The systemd credential holding <see cref="PostgreSqlConnectionString"/> (<c>LoadCredential=postgresql_connection_string:/etc/d8/postgresql</c>).</summary>
    public const string PostgreSqlConnectionStringCredential = "postgresql_connection_string";

    /// <summary>The systemd credential holding <see cref="DashboardPassword"/> (<c>LoadCredential=d8_dashboard_password:/etc/d8/dashboard_password</c>).</summary>
    public const string DashboardPasswordCredential = "d8_dashboard_password";

    /// <summary>The systemd credential holding <see cref="TelegramToken"/>.</summary>
    public const string TelegramTokenCredential = "telegram_token";
}
