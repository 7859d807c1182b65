import IBKeyCore

/// Everything `respond` needs from its command line.
struct RespondRequest: Equatable {
    var user: String?
    var challenge: [String]
    var vaultPath: String?
    var pinFD: Int32?
    var pinFile: String?
    var pinStdin: Bool
    var json: Bool
    var session: String? = nil
    var sessionHex: String? = nil
    var noWait = false
    var keepGoing = false
    /// `--at`: the moment a suite with T answers for (Unix seconds); nil for the system clock.
    var at: Int64? = nil
    /// `--copy`: the response to the clipboard instead of stdout.
    var copy = false

    /// Where the PIN comes from.
    var pinSource: SecretSource { SecretSource(kind: .pin, fd: pinFD, file: pinFile, stdin: pinStdin) }

    /// The S input: `--session`'s UTF-8 bytes, or `--session-hex` decoded; nil when neither.
    func sessionBytes() throws -> [UInt8]? {
        switch (session, sessionHex) {
        case (nil, nil): return nil
        case (let text?, nil): return Array(text.utf8)
        case (nil, let hex?):
            guard let bytes = Hex.decode(hex) else {
                throw UsageError("--session-hex must be hex digits, two per byte, got '\(hex.prefix(20))'")
            }
            return bytes
        default: throw UsageError("give the session information once: --session or --session-hex")
        }
    }
}

/// `ibkey respond` is what people and scripts run many times a day, and its
/// start-up time is part of the product. ArgumentParser builds its command
/// tree with reflection at every start (about 1.5 ms here, a third of a whole
/// respond). So the plain forms of `respond` — only its own options, each at
/// most once, `--opt value`, `--opt=value` or `-u value`, positional challenge words — are
/// read by this strict parser, and everything else (help, a typo, a repeated
/// option, `--`, an unknown flag, other commands) goes to ArgumentParser,
/// which stays the reference: `ParsingTests` checks on random command lines
/// that whenever this parser answers, ArgumentParser gives the same request.
extension RespondRequest {
    /// `arguments` as in `CommandLine.arguments`, from `start` on.
    static func fastParse(_ arguments: [String], from start: Int = 0) -> RespondRequest? {
        var it = start
        func next() -> String? {
            guard it < arguments.count else { return nil }
            defer { it += 1 }
            return arguments[it]
        }
        guard next() == "respond" else { return nil }
        var request = RespondRequest(user: nil, challenge: [], vaultPath: nil, pinFD: nil, pinFile: nil, pinStdin: false, json: false)
        var seen: UInt16 = 0 // one bit per option: no generic container to instantiate at start
        while let arg = next() {
            guard arg.hasPrefix("-"), arg != "-" else {
                request.challenge.append(arg)
                continue
            }
            // --name=value or --name value; a value may not look like an option.
            var name = arg
            var inlineValue: String?
            if let eq = arg.firstIndex(of: "=") {
                name = String(arg[..<eq])
                inlineValue = String(arg[arg.index(after: eq)...])
            }
            guard let option = Option(name), seen & option.bit == 0 else { return nil }
            // `-u=NAME` is not how a short option takes its value: the parser decides.
            if !name.hasPrefix("--") && inlineValue != nil { return nil }
            seen |= option.bit
            func value() -> String? {
                // ArgumentParser reads `--opt=` as a missing value: leave it that case.
                if let inlineValue { return inlineValue.isEmpty ? nil : inlineValue }
                guard let v = next(), !v.hasPrefix("-") else { return nil }
                return v
            }
            switch option {
            case .user: guard let v = value() else { return nil }; request.user = v
            case .vault: guard let v = value() else { return nil }; request.vaultPath = v
            case .pinFile: guard let v = value() else { return nil }; request.pinFile = v
            case .pinFD:
                guard let v = value(), let fd = Int32(v) else { return nil }
                request.pinFD = fd
            case .session: guard let v = value() else { return nil }; request.session = v
            case .sessionHex: guard let v = value() else { return nil }; request.sessionHex = v
            case .at:
                // The same strict parser as ArgumentParser's transform; a bad time is its to say.
                guard let v = value(), let t = try? Timestamp.parse(v) else { return nil }
                request.at = t
            case .pinStdin: guard inlineValue == nil else { return nil }; request.pinStdin = true
            case .json: guard inlineValue == nil else { return nil }; request.json = true
            case .noWait: guard inlineValue == nil else { return nil }; request.noWait = true
            case .keepGoing: guard inlineValue == nil else { return nil }; request.keepGoing = true
            case .copy: guard inlineValue == nil else { return nil }; request.copy = true
            }
        }
        return request
    }
}

/// `respond`'s own options, as the fast parser knows them.
private enum Option: UInt8 {
    case user, vault, pinFD, pinFile, pinStdin, json, session, sessionHex, noWait, keepGoing, at, copy

    init?(_ name: String) {
        switch name {
        case "--user", "-u": self = .user
        case "--vault": self = .vault
        case "--pin-fd": self = .pinFD
        case "--pin-file": self = .pinFile
        case "--pin-stdin": self = .pinStdin
        case "--json": self = .json
        case "--session": self = .session
        case "--session-hex": self = .sessionHex
        case "--no-wait": self = .noWait
        case "--keep-going": self = .keepGoing
        case "--at": self = .at
        case "--copy": self = .copy
        default: return nil
        }
    }

    var bit: UInt16 { 1 << UInt16(rawValue) }
}
