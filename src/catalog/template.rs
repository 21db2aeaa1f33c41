//! The brace syntax shared by command templates and message patterns:
//! `{name}` is a placeholder, `{}` an anonymous hole (patterns only), `{{` and `}}` literal braces;
//! any other brace is literal text, so YAML, JSON and JSONPath need no escaping.

use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    Lit(String),
    /// `{}` (None) or `{name}` (Some).
    Hole(Option<String>),
}

/// Splits `text` into literal runs and holes.
pub fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|p| p.1) == Some('{') => {
                chars.next();
                lit.push('{');
            }
            '}' if chars.peek().map(|p| p.1) == Some('}') => {
                chars.next();
                lit.push('}');
            }
            '{' => {
                // `{name}` and `{}` are holes; any other brace is literal text (YAML, JSON, JSONPath).
                let rest = &text[i + 1..];
                let name_len = rest
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                    .count();
                if rest.as_bytes().get(name_len) != Some(&b'}') {
                    lit.push('{');
                    continue;
                }
                let name = &rest[..name_len];
                if !lit.is_empty() {
                    out.push(Token::Lit(std::mem::take(&mut lit)));
                }
                out.push(Token::Hole((!name.is_empty()).then(|| name.to_string())));
                for _ in 0..=name_len {
                    chars.next();
                }
            }
            c => lit.push(c),
        }
    }
    if !lit.is_empty() {
        out.push(Token::Lit(lit));
    }
    Ok(out)
}

/// The placeholder names a template or pattern uses, in order of first use.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for t in tokenize(text).unwrap_or_default() {
        if let Token::Hole(Some(n)) = t {
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    names
}

/// A piece of a filled command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    /// A placeholder filled with a value found in the paste.
    Value {
        name: String,
        value: String,
    },
    /// A placeholder the user still has to fill.
    Placeholder {
        name: String,
    },
}

/// Fills a command template with the values found in a paste.
pub fn fill(template: &str, values: &BTreeMap<String, String>) -> Vec<Segment> {
    let Ok(tokens) = tokenize(template) else {
        return vec![Segment::Text(template.to_string())];
    };
    tokens
        .into_iter()
        .map(|t| match t {
            Token::Lit(s) => Segment::Text(s),
            Token::Hole(Some(name)) => match values.get(&name) {
                Some(v) => Segment::Value {
                    name,
                    value: v.clone(),
                },
                None => Segment::Placeholder { name },
            },
            Token::Hole(None) => Segment::Text("{}".into()),
        })
        .collect()
}

/// A filled command as plain text; unfilled placeholders stay as `<name>`.
pub fn render(segments: &[Segment]) -> String {
    let mut s = String::new();
    for seg in segments {
        match seg {
            Segment::Text(t) => s.push_str(t),
            Segment::Value { value, .. } => s.push_str(value),
            Segment::Placeholder { name } => {
                s.push('<');
                s.push_str(name);
                s.push('>');
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_holes_and_escaped_braces() {
        let t = tokenize("hosts {{ {ip} }} a{}b").unwrap();
        assert_eq!(
            t,
            vec![
                Token::Lit("hosts { ".into()),
                Token::Hole(Some("ip".into())),
                Token::Lit(" } a".into()),
                Token::Hole(None),
                Token::Lit("b".into()),
            ]
        );
    }

    #[test]
    fn other_braces_are_literal_text() {
        assert_eq!(tokenize("a {b").unwrap(), vec![Token::Lit("a {b".into())]);
        assert_eq!(
            tokenize("{Helm installation}").unwrap(),
            vec![Token::Lit("{Helm installation}".into())]
        );
        assert_eq!(
            tokenize("hosts { x }").unwrap(),
            vec![Token::Lit("hosts { x }".into())]
        );
    }

    #[test]
    fn fills_known_values_and_keeps_the_rest() {
        let mut v = BTreeMap::new();
        v.insert("clusterName".to_string(), "aks-prod".to_string());
        let segs = fill("az aks show -n {clusterName} -g {resourceGroup}", &v);
        assert_eq!(render(&segs), "az aks show -n aks-prod -g <resourceGroup>");
        assert!(segs.contains(&Segment::Placeholder {
            name: "resourceGroup".into()
        }));
    }
}
