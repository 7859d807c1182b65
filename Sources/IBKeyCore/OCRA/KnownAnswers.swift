/// Every known-answer vector in one place (Docs/PROTOCOL.md, "Test vectors
/// the project checks"): `ibkey selftest` and `OCRATests` run the same list,
/// so the shipped binary checks what the test suite checks.
public enum KnownAnswers {
    static let k20 = "3132333435363738393031323334353637383930"
    static let k32 = "3132333435363738393031323334353637383930313233343536373839303132"
    static let k64 = "31323334353637383930313233343536373839303132333435363738393031323334353637383930313233343536373839303132333435363738393031323334"

    /// RFC 4226 Appendix D: HOTP-SHA1-6, the 20-byte key "12345678901234567890", counters 0 to 9.
    public static let rfc4226: [HOTPVector] = [
        HOTPVector(keyHex: k20, counter: 0, digits: 6, expected: "755224"),
        HOTPVector(keyHex: k20, counter: 1, digits: 6, expected: "287082"),
        HOTPVector(keyHex: k20, counter: 2, digits: 6, expected: "359152"),
        HOTPVector(keyHex: k20, counter: 3, digits: 6, expected: "969429"),
        HOTPVector(keyHex: k20, counter: 4, digits: 6, expected: "338314"),
        HOTPVector(keyHex: k20, counter: 5, digits: 6, expected: "254676"),
        HOTPVector(keyHex: k20, counter: 6, digits: 6, expected: "287922"),
        HOTPVector(keyHex: k20, counter: 7, digits: 6, expected: "162583"),
        HOTPVector(keyHex: k20, counter: 8, digits: 6, expected: "399871"),
        HOTPVector(keyHex: k20, counter: 9, digits: 6, expected: "520489"),
    ]

    /// RFC 6287 Appendix C: C.1 one-way, C.2 mutual (server and client
    /// computations) and C.3 plain signature, the `T1M` ones included.
    public static let rfc6287: [OCRAVector] = [
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA1-6:QN08 Q=00000000", suite: "OCRA-1:HOTP-SHA1-6:QN08", keyHex: k20, counter: nil, question: "00000000", pin: nil, timeSteps: nil, expected: "237653"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA1-6:QN08 Q=11111111", suite: "OCRA-1:HOTP-SHA1-6:QN08", keyHex: k20, counter: nil, question: "11111111", pin: nil, timeSteps: nil, expected: "243178"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA1-6:QN08 Q=22222222", suite: "OCRA-1:HOTP-SHA1-6:QN08", keyHex: k20, counter: nil, question: "22222222", pin: nil, timeSteps: nil, expected: "653583"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA1-6:QN08 Q=33333333", suite: "OCRA-1:HOTP-SHA1-6:QN08", keyHex: k20, counter: nil, question: "33333333", pin: nil, timeSteps: nil, expected: "740991"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA1-6:QN08 Q=44444444", suite: "OCRA-1:HOTP-SHA1-6:QN08", keyHex: k20, counter: nil, question: "44444444", pin: nil, timeSteps: nil, expected: "608993"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA1-6:QN08 Q=55555555", suite: "OCRA-1:HOTP-SHA1-6:QN08", keyHex: k20, counter: nil, question: "55555555", pin: nil, timeSteps: nil, expected: "388898"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA1-6:QN08 Q=66666666", suite: "OCRA-1:HOTP-SHA1-6:QN08", keyHex: k20, counter: nil, question: "66666666", pin: nil, timeSteps: nil, expected: "816933"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA1-6:QN08 Q=77777777", suite: "OCRA-1:HOTP-SHA1-6:QN08", keyHex: k20, counter: nil, question: "77777777", pin: nil, timeSteps: nil, expected: "224598"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA1-6:QN08 Q=88888888", suite: "OCRA-1:HOTP-SHA1-6:QN08", keyHex: k20, counter: nil, question: "88888888", pin: nil, timeSteps: nil, expected: "750600"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA1-6:QN08 Q=99999999", suite: "OCRA-1:HOTP-SHA1-6:QN08", keyHex: k20, counter: nil, question: "99999999", pin: nil, timeSteps: nil, expected: "294470"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1 C=0", suite: "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", keyHex: k32, counter: 0, question: "12345678", pin: "1234", timeSteps: nil, expected: "65347737"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1 C=1", suite: "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", keyHex: k32, counter: 1, question: "12345678", pin: "1234", timeSteps: nil, expected: "86775851"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1 C=2", suite: "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", keyHex: k32, counter: 2, question: "12345678", pin: "1234", timeSteps: nil, expected: "78192410"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1 C=3", suite: "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", keyHex: k32, counter: 3, question: "12345678", pin: "1234", timeSteps: nil, expected: "71565254"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1 C=4", suite: "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", keyHex: k32, counter: 4, question: "12345678", pin: "1234", timeSteps: nil, expected: "10104329"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1 C=5", suite: "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", keyHex: k32, counter: 5, question: "12345678", pin: "1234", timeSteps: nil, expected: "65983500"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1 C=6", suite: "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", keyHex: k32, counter: 6, question: "12345678", pin: "1234", timeSteps: nil, expected: "70069104"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1 C=7", suite: "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", keyHex: k32, counter: 7, question: "12345678", pin: "1234", timeSteps: nil, expected: "91771096"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1 C=8", suite: "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", keyHex: k32, counter: 8, question: "12345678", pin: "1234", timeSteps: nil, expected: "75011558"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1 C=9", suite: "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", keyHex: k32, counter: 9, question: "12345678", pin: "1234", timeSteps: nil, expected: "08522129"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA256-8:QN08-PSHA1 Q=00000000", suite: "OCRA-1:HOTP-SHA256-8:QN08-PSHA1", keyHex: k32, counter: nil, question: "00000000", pin: "1234", timeSteps: nil, expected: "83238735"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA256-8:QN08-PSHA1 Q=11111111", suite: "OCRA-1:HOTP-SHA256-8:QN08-PSHA1", keyHex: k32, counter: nil, question: "11111111", pin: "1234", timeSteps: nil, expected: "01501458"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA256-8:QN08-PSHA1 Q=22222222", suite: "OCRA-1:HOTP-SHA256-8:QN08-PSHA1", keyHex: k32, counter: nil, question: "22222222", pin: "1234", timeSteps: nil, expected: "17957585"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA256-8:QN08-PSHA1 Q=33333333", suite: "OCRA-1:HOTP-SHA256-8:QN08-PSHA1", keyHex: k32, counter: nil, question: "33333333", pin: "1234", timeSteps: nil, expected: "86776967"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA256-8:QN08-PSHA1 Q=44444444", suite: "OCRA-1:HOTP-SHA256-8:QN08-PSHA1", keyHex: k32, counter: nil, question: "44444444", pin: "1234", timeSteps: nil, expected: "86807031"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA512-8:C-QN08 C=0", suite: "OCRA-1:HOTP-SHA512-8:C-QN08", keyHex: k64, counter: 0, question: "00000000", pin: nil, timeSteps: nil, expected: "07016083"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA512-8:C-QN08 C=1", suite: "OCRA-1:HOTP-SHA512-8:C-QN08", keyHex: k64, counter: 1, question: "11111111", pin: nil, timeSteps: nil, expected: "63947962"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA512-8:C-QN08 C=2", suite: "OCRA-1:HOTP-SHA512-8:C-QN08", keyHex: k64, counter: 2, question: "22222222", pin: nil, timeSteps: nil, expected: "70123924"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA512-8:C-QN08 C=3", suite: "OCRA-1:HOTP-SHA512-8:C-QN08", keyHex: k64, counter: 3, question: "33333333", pin: nil, timeSteps: nil, expected: "25341727"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA512-8:C-QN08 C=4", suite: "OCRA-1:HOTP-SHA512-8:C-QN08", keyHex: k64, counter: 4, question: "44444444", pin: nil, timeSteps: nil, expected: "33203315"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA512-8:C-QN08 C=5", suite: "OCRA-1:HOTP-SHA512-8:C-QN08", keyHex: k64, counter: 5, question: "55555555", pin: nil, timeSteps: nil, expected: "34205738"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA512-8:C-QN08 C=6", suite: "OCRA-1:HOTP-SHA512-8:C-QN08", keyHex: k64, counter: 6, question: "66666666", pin: nil, timeSteps: nil, expected: "44343969"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA512-8:C-QN08 C=7", suite: "OCRA-1:HOTP-SHA512-8:C-QN08", keyHex: k64, counter: 7, question: "77777777", pin: nil, timeSteps: nil, expected: "51946085"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA512-8:C-QN08 C=8", suite: "OCRA-1:HOTP-SHA512-8:C-QN08", keyHex: k64, counter: 8, question: "88888888", pin: nil, timeSteps: nil, expected: "20403879"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA512-8:C-QN08 C=9", suite: "OCRA-1:HOTP-SHA512-8:C-QN08", keyHex: k64, counter: 9, question: "99999999", pin: nil, timeSteps: nil, expected: "31409299"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA512-8:QN08-T1M Q=00000000", suite: "OCRA-1:HOTP-SHA512-8:QN08-T1M", keyHex: k64, counter: nil, question: "00000000", pin: nil, timeSteps: 0x132d0b6, expected: "95209754"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA512-8:QN08-T1M Q=11111111", suite: "OCRA-1:HOTP-SHA512-8:QN08-T1M", keyHex: k64, counter: nil, question: "11111111", pin: nil, timeSteps: 0x132d0b6, expected: "55907591"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA512-8:QN08-T1M Q=22222222", suite: "OCRA-1:HOTP-SHA512-8:QN08-T1M", keyHex: k64, counter: nil, question: "22222222", pin: nil, timeSteps: 0x132d0b6, expected: "22048402"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA512-8:QN08-T1M Q=33333333", suite: "OCRA-1:HOTP-SHA512-8:QN08-T1M", keyHex: k64, counter: nil, question: "33333333", pin: nil, timeSteps: 0x132d0b6, expected: "24218844"),
        OCRAVector(name: "RFC 6287 C.1 one-way OCRA-1:HOTP-SHA512-8:QN08-T1M Q=44444444", suite: "OCRA-1:HOTP-SHA512-8:QN08-T1M", keyHex: k64, counter: nil, question: "44444444", pin: nil, timeSteps: 0x132d0b6, expected: "36209546"),
        OCRAVector(name: "RFC 6287 C.2 mutual server OCRA-1:HOTP-SHA256-8:QA08 Q=CLI22220SRV11110", suite: "OCRA-1:HOTP-SHA256-8:QA08", keyHex: k32, counter: nil, question: "CLI22220SRV11110", pin: nil, timeSteps: nil, expected: "28247970"),
        OCRAVector(name: "RFC 6287 C.2 mutual server OCRA-1:HOTP-SHA256-8:QA08 Q=CLI22221SRV11111", suite: "OCRA-1:HOTP-SHA256-8:QA08", keyHex: k32, counter: nil, question: "CLI22221SRV11111", pin: nil, timeSteps: nil, expected: "01984843"),
        OCRAVector(name: "RFC 6287 C.2 mutual server OCRA-1:HOTP-SHA256-8:QA08 Q=CLI22222SRV11112", suite: "OCRA-1:HOTP-SHA256-8:QA08", keyHex: k32, counter: nil, question: "CLI22222SRV11112", pin: nil, timeSteps: nil, expected: "65387857"),
        OCRAVector(name: "RFC 6287 C.2 mutual server OCRA-1:HOTP-SHA256-8:QA08 Q=CLI22223SRV11113", suite: "OCRA-1:HOTP-SHA256-8:QA08", keyHex: k32, counter: nil, question: "CLI22223SRV11113", pin: nil, timeSteps: nil, expected: "03351211"),
        OCRAVector(name: "RFC 6287 C.2 mutual server OCRA-1:HOTP-SHA256-8:QA08 Q=CLI22224SRV11114", suite: "OCRA-1:HOTP-SHA256-8:QA08", keyHex: k32, counter: nil, question: "CLI22224SRV11114", pin: nil, timeSteps: nil, expected: "83412541"),
        OCRAVector(name: "RFC 6287 C.2 mutual client OCRA-1:HOTP-SHA256-8:QA08 Q=SRV11110CLI22220", suite: "OCRA-1:HOTP-SHA256-8:QA08", keyHex: k32, counter: nil, question: "SRV11110CLI22220", pin: nil, timeSteps: nil, expected: "15510767"),
        OCRAVector(name: "RFC 6287 C.2 mutual client OCRA-1:HOTP-SHA256-8:QA08 Q=SRV11111CLI22221", suite: "OCRA-1:HOTP-SHA256-8:QA08", keyHex: k32, counter: nil, question: "SRV11111CLI22221", pin: nil, timeSteps: nil, expected: "90175646"),
        OCRAVector(name: "RFC 6287 C.2 mutual client OCRA-1:HOTP-SHA256-8:QA08 Q=SRV11112CLI22222", suite: "OCRA-1:HOTP-SHA256-8:QA08", keyHex: k32, counter: nil, question: "SRV11112CLI22222", pin: nil, timeSteps: nil, expected: "33777207"),
        OCRAVector(name: "RFC 6287 C.2 mutual client OCRA-1:HOTP-SHA256-8:QA08 Q=SRV11113CLI22223", suite: "OCRA-1:HOTP-SHA256-8:QA08", keyHex: k32, counter: nil, question: "SRV11113CLI22223", pin: nil, timeSteps: nil, expected: "95285278"),
        OCRAVector(name: "RFC 6287 C.2 mutual client OCRA-1:HOTP-SHA256-8:QA08 Q=SRV11114CLI22224", suite: "OCRA-1:HOTP-SHA256-8:QA08", keyHex: k32, counter: nil, question: "SRV11114CLI22224", pin: nil, timeSteps: nil, expected: "28934924"),
        OCRAVector(name: "RFC 6287 C.2 mutual server OCRA-1:HOTP-SHA512-8:QA08 Q=CLI22220SRV11110", suite: "OCRA-1:HOTP-SHA512-8:QA08", keyHex: k64, counter: nil, question: "CLI22220SRV11110", pin: nil, timeSteps: nil, expected: "79496648"),
        OCRAVector(name: "RFC 6287 C.2 mutual server OCRA-1:HOTP-SHA512-8:QA08 Q=CLI22221SRV11111", suite: "OCRA-1:HOTP-SHA512-8:QA08", keyHex: k64, counter: nil, question: "CLI22221SRV11111", pin: nil, timeSteps: nil, expected: "76831980"),
        OCRAVector(name: "RFC 6287 C.2 mutual server OCRA-1:HOTP-SHA512-8:QA08 Q=CLI22222SRV11112", suite: "OCRA-1:HOTP-SHA512-8:QA08", keyHex: k64, counter: nil, question: "CLI22222SRV11112", pin: nil, timeSteps: nil, expected: "12250499"),
        OCRAVector(name: "RFC 6287 C.2 mutual server OCRA-1:HOTP-SHA512-8:QA08 Q=CLI22223SRV11113", suite: "OCRA-1:HOTP-SHA512-8:QA08", keyHex: k64, counter: nil, question: "CLI22223SRV11113", pin: nil, timeSteps: nil, expected: "90856481"),
        OCRAVector(name: "RFC 6287 C.2 mutual server OCRA-1:HOTP-SHA512-8:QA08 Q=CLI22224SRV11114", suite: "OCRA-1:HOTP-SHA512-8:QA08", keyHex: k64, counter: nil, question: "CLI22224SRV11114", pin: nil, timeSteps: nil, expected: "12761449"),
        OCRAVector(name: "RFC 6287 C.2 mutual client OCRA-1:HOTP-SHA512-8:QA08-PSHA1 Q=SRV11110CLI22220", suite: "OCRA-1:HOTP-SHA512-8:QA08-PSHA1", keyHex: k64, counter: nil, question: "SRV11110CLI22220", pin: "1234", timeSteps: nil, expected: "18806276"),
        OCRAVector(name: "RFC 6287 C.2 mutual client OCRA-1:HOTP-SHA512-8:QA08-PSHA1 Q=SRV11111CLI22221", suite: "OCRA-1:HOTP-SHA512-8:QA08-PSHA1", keyHex: k64, counter: nil, question: "SRV11111CLI22221", pin: "1234", timeSteps: nil, expected: "70020315"),
        OCRAVector(name: "RFC 6287 C.2 mutual client OCRA-1:HOTP-SHA512-8:QA08-PSHA1 Q=SRV11112CLI22222", suite: "OCRA-1:HOTP-SHA512-8:QA08-PSHA1", keyHex: k64, counter: nil, question: "SRV11112CLI22222", pin: "1234", timeSteps: nil, expected: "01600026"),
        OCRAVector(name: "RFC 6287 C.2 mutual client OCRA-1:HOTP-SHA512-8:QA08-PSHA1 Q=SRV11113CLI22223", suite: "OCRA-1:HOTP-SHA512-8:QA08-PSHA1", keyHex: k64, counter: nil, question: "SRV11113CLI22223", pin: "1234", timeSteps: nil, expected: "18951020"),
        OCRAVector(name: "RFC 6287 C.2 mutual client OCRA-1:HOTP-SHA512-8:QA08-PSHA1 Q=SRV11114CLI22224", suite: "OCRA-1:HOTP-SHA512-8:QA08-PSHA1", keyHex: k64, counter: nil, question: "SRV11114CLI22224", pin: "1234", timeSteps: nil, expected: "32528969"),
        OCRAVector(name: "RFC 6287 C.3 signature OCRA-1:HOTP-SHA256-8:QA08 Q=SIG10000", suite: "OCRA-1:HOTP-SHA256-8:QA08", keyHex: k32, counter: nil, question: "SIG10000", pin: nil, timeSteps: nil, expected: "53095496"),
        OCRAVector(name: "RFC 6287 C.3 signature OCRA-1:HOTP-SHA256-8:QA08 Q=SIG11000", suite: "OCRA-1:HOTP-SHA256-8:QA08", keyHex: k32, counter: nil, question: "SIG11000", pin: nil, timeSteps: nil, expected: "04110475"),
        OCRAVector(name: "RFC 6287 C.3 signature OCRA-1:HOTP-SHA256-8:QA08 Q=SIG12000", suite: "OCRA-1:HOTP-SHA256-8:QA08", keyHex: k32, counter: nil, question: "SIG12000", pin: nil, timeSteps: nil, expected: "31331128"),
        OCRAVector(name: "RFC 6287 C.3 signature OCRA-1:HOTP-SHA256-8:QA08 Q=SIG13000", suite: "OCRA-1:HOTP-SHA256-8:QA08", keyHex: k32, counter: nil, question: "SIG13000", pin: nil, timeSteps: nil, expected: "76028668"),
        OCRAVector(name: "RFC 6287 C.3 signature OCRA-1:HOTP-SHA256-8:QA08 Q=SIG14000", suite: "OCRA-1:HOTP-SHA256-8:QA08", keyHex: k32, counter: nil, question: "SIG14000", pin: nil, timeSteps: nil, expected: "46554205"),
        OCRAVector(name: "RFC 6287 C.3 signature OCRA-1:HOTP-SHA512-8:QA10-T1M Q=SIG1000000", suite: "OCRA-1:HOTP-SHA512-8:QA10-T1M", keyHex: k64, counter: nil, question: "SIG1000000", pin: nil, timeSteps: 0x132d0b6, expected: "77537423"),
        OCRAVector(name: "RFC 6287 C.3 signature OCRA-1:HOTP-SHA512-8:QA10-T1M Q=SIG1100000", suite: "OCRA-1:HOTP-SHA512-8:QA10-T1M", keyHex: k64, counter: nil, question: "SIG1100000", pin: nil, timeSteps: 0x132d0b6, expected: "31970405"),
        OCRAVector(name: "RFC 6287 C.3 signature OCRA-1:HOTP-SHA512-8:QA10-T1M Q=SIG1200000", suite: "OCRA-1:HOTP-SHA512-8:QA10-T1M", keyHex: k64, counter: nil, question: "SIG1200000", pin: nil, timeSteps: 0x132d0b6, expected: "10235557"),
        OCRAVector(name: "RFC 6287 C.3 signature OCRA-1:HOTP-SHA512-8:QA10-T1M Q=SIG1300000", suite: "OCRA-1:HOTP-SHA512-8:QA10-T1M", keyHex: k64, counter: nil, question: "SIG1300000", pin: nil, timeSteps: 0x132d0b6, expected: "95213541"),
        OCRAVector(name: "RFC 6287 C.3 signature OCRA-1:HOTP-SHA512-8:QA10-T1M Q=SIG1400000", suite: "OCRA-1:HOTP-SHA512-8:QA10-T1M", keyHex: k64, counter: nil, question: "SIG1400000", pin: nil, timeSteps: 0x132d0b6, expected: "65360607"),
    ]

    /// The published IB Key vectors (Docs/PROTOCOL.md §1): the IB Key suite, PIN "1234".
    public static let ibKey: [OCRAVector] = [
        OCRAVector(name: "IB Key vector 1", suite: "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1", keyHex: "ae7ea584ec7cfaffccca2a4238f8f1fb8e26d5da", counter: 1, question: "708362", pin: "1234", timeSteps: nil, expected: "15632646"),
        OCRAVector(name: "IB Key vector 2", suite: "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1", keyHex: "f187d2608a56467df1cb17b123ce2cef5428fc70", counter: 1, question: "174838", pin: "1234", timeSteps: nil, expected: "73566858"),
        OCRAVector(name: "IB Key vector 3", suite: "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1", keyHex: "6574bf9b3cd79698e346fbb499d1213ea05ebc44", counter: 1, question: "133449", pin: "1234", timeSteps: nil, expected: "77445017"),
        OCRAVector(name: "IB Key vector 4", suite: "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1", keyHex: "6574bf9b3cd79698e346fbb499d1213ea05ebc44", counter: 3, question: "654321", pin: "1234", timeSteps: nil, expected: "84748978"),
    ]

    /// Every OCRA vector: RFC 6287's, then IB Key's.
    public static var all: [OCRAVector] { rfc6287 + ibKey }
}
