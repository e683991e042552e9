//! Throw-away certificates for the TLS tests: a CA and a server certificate it signs, valid for
//! `localhost` and `127.0.0.1`, written as PEM files.

use std::path::{Path, PathBuf};

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};

/// The PEM files of a generated CA and server certificate.
#[derive(Debug, Clone)]
pub struct TestCerts {
    /// The CA certificate (what clients trust).
    pub ca: PathBuf,
    /// The server certificate (signed by the CA).
    pub cert: PathBuf,
    /// The server's private key (PKCS#8).
    pub key: PathBuf,
    /// The CA certificate as PEM text.
    pub ca_pem: String,
}

impl TestCerts {
    /// Generates a CA and a server certificate for `localhost` and `127.0.0.1` into `dir`
    /// (`ca.pem`, `server.pem`, `server.key`). Panics when they cannot be made: test use only.
    pub fn generate(dir: &Path) -> TestCerts {
        let ca_key = KeyPair::generate().expect("CA key");
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "namesake test CA");
        let ca_cert = ca_params.self_signed(&ca_key).expect("CA certificate");
        let issuer = Issuer::new(ca_params, ca_key);
        let key = KeyPair::generate().expect("server key");
        let mut params =
            CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
                .expect("server params");
        params
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        let cert = params.signed_by(&key, &issuer).expect("server certificate");
        let certs = TestCerts {
            ca: dir.join("ca.pem"),
            cert: dir.join("server.pem"),
            key: dir.join("server.key"),
            ca_pem: ca_cert.pem(),
        };
        std::fs::write(&certs.ca, &certs.ca_pem).expect("ca.pem written");
        std::fs::write(&certs.cert, cert.pem()).expect("server.pem written");
        std::fs::write(&certs.key, key.serialize_pem()).expect("server.key written");
        certs
    }
}
