/// Why an `otpauth://` URI, an `otpauth-migration://` link or an account in it
/// was refused. Nothing here quotes what the link held (the secret could be
/// anywhere in a mangled link): only parameter names and numbers already
/// parsed. Every case is bad input.
public enum OTPAuthError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The link is longer than `limit` bytes (checked before anything is read).
    case tooLong(limit: Int)
    /// The link does not start with `expected` (`otpauth://`, `otpauth-migration://`).
    case wrongScheme(expected: String)
    /// The link's structure is wrong (a control character, an unknown host…): the reason.
    case malformed(String)
    /// A required parameter (or protobuf field) is absent: its name.
    case missing(parameter: String)
    /// A parameter (or protobuf field) appears more than once: its name.
    case duplicate(parameter: String)
    /// A parameter (or field, or `type`, or `label`) has a value ibkey does
    /// not take: its name, and what is wrong, as "must be 6, 7 or 8".
    case invalid(parameter: String, reason: String)
    /// The migration data is not the protobuf it should be: what is wrong.
    case damagedPayload(String)
    /// A migration link with more than `limit` accounts.
    case tooManyAccounts(limit: Int)
    /// A migration link with no account in it.
    case noAccounts
    /// A refusal inside the `index`th account of a migration link, counted from 1.
    indirect case account(index: Int, OTPAuthError)
    /// A refusal in the `number`th line of a text of links (`OTPAuthText`), counted from 1.
    indirect case line(number: Int, OTPAuthError)
    /// A refusal in the `index`th QR code of an image, counted from 1 in zbar's order.
    indirect case qrCode(index: Int, OTPAuthError)
    /// A text of links (a file, standard input, an image) with more than `limit` accounts in all.
    case tooManyInInput(limit: Int)

    /// The reason, one lowercase line, never a secret.
    public var description: String {
        switch self {
        case .tooLong(let limit): "the link is longer than \(limit) bytes"
        case .wrongScheme(let expected): "not an \(expected) link"
        case .malformed(let why): why
        case .missing(let p): "\(p) is missing"
        case .duplicate(let p): "\(p) is given more than once"
        case .invalid(let p, let why): "\(p) \(why)"
        case .damagedPayload(let why): "the migration data is damaged: \(why)"
        case .tooManyAccounts(let limit): "the migration link holds more than \(limit) accounts"
        case .noAccounts: "the migration link holds no accounts"
        case .account(let index, let e): "account \(index): \(e.description)"
        case .line(let number, let e): "line \(number): \(e.description)"
        case .qrCode(let index, let e): "QR code \(index): \(e.description)"
        case .tooManyInInput(let limit): "the input holds more than \(limit) accounts"
        }
    }
}
