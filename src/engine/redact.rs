//! Masks secrets and identifiers in a paste before it is shared.
//!
//! Classes are applied in order, most specific first, so a SAS signature inside a URL is masked
//! as a signature and a GUID inside a resource ID as a GUID. Each class says how many it masked.

use regex_lite::Regex;

/// One kind of secret and how it is masked.
struct Class {
    name: &'static str,
    regex: Regex,
    /// Replacement; `$1` keeps a captured prefix (such as `sig=`) in place.
    mask: &'static str,
}

pub struct Redactor {
    classes: Vec<Class>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Redacted {
    pub text: String,
    /// `(class, count)` for every class that masked something, in class order.
    pub counts: Vec<(&'static str, usize)>,
}

impl Redacted {
    pub fn total(&self) -> usize {
        self.counts.iter().map(|c| c.1).sum()
    }
}

impl Default for Redactor {
    fn default() -> Self {
        Self::new()
    }
}

impl Redactor {
    pub fn new() -> Redactor {
        let c = |name, re: &str, mask| Class {
            name,
            regex: Regex::new(re).expect("redaction regex"),
            mask,
        };
        Redactor {
            classes: vec![
                c(
                    "bearer-token",
                    r"(?i)(\bbearer\s+)[A-Za-z0-9\-_.~+/]{8,}=*",
                    "${1}[REDACTED-TOKEN]",
                ),
                c(
                    "jwt",
                    r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*",
                    "[REDACTED-TOKEN]",
                ),
                c(
                    "sas-signature",
                    r"(?i)(\bsig=)[A-Za-z0-9%+/=]{8,}",
                    "${1}[REDACTED-SIG]",
                ),
                c(
                    "account-key",
                    r"(?i)(\b(?:AccountKey|SharedAccessKey|accessKey|storageAccountKey|key1|key2)\W{1,3})[A-Za-z0-9+/]{20,}={0,2}",
                    "${1}[REDACTED-KEY]",
                ),
                c("account-key", r"\b[A-Za-z0-9+/]{86}==", "[REDACTED-KEY]"),
                c(
                    "client-secret",
                    r"(?i)(\b(?:client_?secret|password|secret)\W{1,3})[^\s,;&\x22']{6,}",
                    "${1}[REDACTED-SECRET]",
                ),
                c(
                    "email",
                    r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b",
                    "[REDACTED-EMAIL]",
                ),
                c(
                    "guid",
                    r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b",
                    "00000000-0000-0000-0000-000000000000",
                ),
                c(
                    "storage-account",
                    r"(?i)\b[a-z0-9]{3,24}(\.(?:blob|file|queue|table|dfs)\.core\.windows\.net)",
                    "[REDACTED-ACCOUNT]${1}",
                ),
                c(
                    "storage-account",
                    r"(?i)(/storageAccounts/)[a-z0-9]{3,24}",
                    "${1}[REDACTED-ACCOUNT]",
                ),
                c(
                    "ip-address",
                    r"\b(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\b",
                    "[REDACTED-IP]",
                ),
            ],
        }
    }

    pub fn redact(&self, text: &str) -> Redacted {
        let mut out = text.to_string();
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        for class in &self.classes {
            let n = class.regex.find_iter(&out).count();
            if n == 0 {
                continue;
            }
            out = class.regex.replace_all(&out, class.mask).into_owned();
            match counts.iter_mut().find(|c| c.0 == class.name) {
                Some(c) => c.1 += n,
                None => counts.push((class.name, n)),
            }
        }
        Redacted { text: out, counts }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_every_class_and_counts_them() {
        let text = "https://mystore01.blob.core.windows.net/c?sv=2022&sig=AbC%2Bdef123456 \
                    /subscriptions/e30af180-aa96-4d81-981a-b67570b0d615/ Authorization: Bearer abcdefghijkl.mnop \
                    lookup on 10.63.136.10:53 by ops@contoso.com";
        let r = Redactor::new().redact(text);
        for secret in [
            "mystore01",
            "AbC%2Bdef123456",
            "e30af180",
            "abcdefghijkl",
            "10.63.136.10",
            "ops@contoso.com",
        ] {
            assert!(!r.text.contains(secret), "{secret} left in {}", r.text);
        }
        assert!(r.text.contains("sig=[REDACTED-SIG]"));
        assert!(r.total() >= 6, "{:?}", r.counts);
    }

    #[test]
    fn leaves_plain_text_alone() {
        let r = Redactor::new().redact("UserErrorPVNotFound in namespace shop");
        assert_eq!(r.text, "UserErrorPVNotFound in namespace shop");
        assert_eq!(r.total(), 0);
    }
}
