package fr.datagrandest.platform.core.modules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import fr.datagrandest.platform.core.web.HttpProblem;

/**
 * The optional signature check: when trusted certificates are configured, every file of a jar must be signed
 * by a certificate that is trusted or issued by a trusted one. Without configuration, every jar passes.
 */
final class SignatureCheck {

    private final List<X509Certificate> trusted;

    private SignatureCheck(List<X509Certificate> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /** Reads the PEM file, or every {@code *.pem}/{@code *.crt} of the folder; relative paths are under DATA/conf. */
    static SignatureCheck from(String setting, Path confDir) throws IOException {
        if (setting == null || setting.isBlank()) {
            return new SignatureCheck(List.of());
        }
        Path path = confDir.resolve(setting.strip());
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (var list = Files.list(path)) {
                list.filter(p -> p.toString().endsWith(".pem") || p.toString().endsWith(".crt")).sorted().forEach(files::add);
            }
        } else if (Files.isRegularFile(path)) {
            files.add(path);
        }
        if (files.isEmpty()) {
            throw new IOException("trustedCertificates is set to " + path + " but no certificate is there");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (Certificate c : factory.generateCertificates(in)) {
                        certificates.add((X509Certificate) c);
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the trusted certificates in " + path + ": " + e.getMessage(), e);
        }
        return new SignatureCheck(certificates);
    }

    boolean enabled() {
        return !trusted.isEmpty();
    }

    void verify(Path jarFile) throws IOException {
        if (!enabled()) {
            return;
        }
        boolean signedContent = false;
        try (JarFile jar = new JarFile(jarFile.toFile(), true)) {
            byte[] buffer = new byte[8192];
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    while (in.read(buffer) >= 0) {
                        // reading the entry fully is what makes the JDK check its digest
                    }
                }
                if (entry.getName().startsWith("META-INF/") && !entry.getName().equals("META-INF/MANIFEST.MF")
                        && entry.getName().indexOf('/', "META-INF/".length()) < 0) {
                    continue;
                }
                if (entry.getName().equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                CodeSigner[] signers = entry.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    throw HttpProblem.unprocessable("refused: the jar is not signed (" + entry.getName()
                            + " has no signature) and this platform only accepts signed modules");
                }
                if (!trustedSigner(signers)) {
                    throw HttpProblem.unprocessable("refused: " + entry.getName()
                            + " is signed by a certificate this platform does not trust");
                }
                signedContent = true;
            }
        } catch (SecurityException e) {
            throw HttpProblem.unprocessable("refused: the jar's signature does not match its content (" + e.getMessage() + ")");
        }
        if (!signedContent) {
            throw HttpProblem.unprocessable("refused: the jar holds no signed content");
        }
    }

    private boolean trustedSigner(CodeSigner[] signers) {
        for (CodeSigner signer : signers) {
            for (Certificate certificate : signer.getSignerCertPath().getCertificates()) {
                for (X509Certificate anchor : trusted) {
                    if (anchor.equals(certificate) || issuedBy(certificate, anchor)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean issuedBy(Certificate certificate, X509Certificate anchor) {
        try {
            certificate.verify(anchor.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
