/// The label of the Key Uri Format, `Issuer:account` or `account`, which
/// Google Authenticator's migration `name` field repeats. The `issuer`
/// parameter (or field) wins over the label's prefix when both are present:
/// that is what Google Authenticator and KeePassXC show, the label prefix
/// being there for older apps; a prefix that disagrees is dropped rather than
/// refused, since it hides nothing and its apps take such accounts.
enum OTPLabel {
    /// The account after `issuer:` at the start of `label`, compared byte for
    /// byte (not by Unicode equivalence); nil when the label does not start so.
    /// It comes first so that an issuer holding a colon stays whole.
    static func account(after issuer: String, in label: String) -> String? {
        let prefix = Array(issuer.utf8) + [0x3A]
        guard label.utf8.starts(with: prefix) else { return nil }
        return String(decoding: label.utf8.dropFirst(prefix.count), as: UTF8.self)
    }

    /// Which issuer and name an account has, from the label's prefix (if
    /// any), the rest of the label, and the issuer parameter (if any).
    static func resolve(prefix: String?, account: String, issuer: String?) -> (issuer: String?, name: String) {
        (issuer?.isEmpty == false ? issuer : prefix, account)
    }

    /// A decoded label (a migration `name`) split at its first colon.
    static func split(_ label: String, issuer: String?) -> (issuer: String?, name: String) {
        if let issuer, !issuer.isEmpty, let account = account(after: issuer, in: label) { return (issuer, account) }
        guard let colon = label.utf8.firstIndex(of: 0x3A) else { return resolve(prefix: nil, account: label, issuer: issuer) }
        return resolve(prefix: String(label[..<colon]), account: String(label[label.utf8.index(after: colon)...]), issuer: issuer)
    }
}
