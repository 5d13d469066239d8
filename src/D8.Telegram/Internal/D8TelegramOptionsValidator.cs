using Microsoft.Extensions.Options;

namespace D8.Telegram.Internal;

/// <summary>Source-generated validation of the data annotations on <see cref="D8TelegramOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class D8TelegramOptionsValidator : IValidateOptions<D8TelegramOptions>;
