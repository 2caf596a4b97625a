import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import fr.datagrandest.plugin.legal.clauses.AssembledDocument;
import fr.datagrandest.plugin.legal.clauses.Assembler;
import fr.datagrandest.plugin.legal.clauses.AssemblyModel;
import fr.datagrandest.plugin.legal.clauses.Clause;
import fr.datagrandest.plugin.legal.clauses.DocumentFormats;
import fr.datagrandest.plugin.legal.library.AttachmentInspector;
import fr.datagrandest.plugin.legal.library.DocumentIndex;
import fr.datagrandest.plugin.legal.library.LegalDocument;

/**
 * Benchmarks of the legal library on SYNTHETIC data (generated French-like text, labelled as such):
 * 1. indexing: PDF attachments are generated, then each is checked and its text extracted by the plugin's
 *    AttachmentInspector (PDFBox) and indexed by its DocumentIndex (Lucene, French analysis, facets), on one
 *    thread; the figure is pages per second on one core;
 * 2. search latency with 8 concurrent clients (p50, p95, p99);
 * 3. assembling and exporting a 30-clause PDF.
 * Arguments: documents (10000) pagesPerDocument (5) searches (4000).
 */
public class LegalBench {

    static final String[] WORDS = ("données publiques licence ouverte réutilisation convention partage collectivité région "
            + "intercommunalité responsabilité sécurité hébergement réversibilité personnelles anonymisation pseudonymisation "
            + "traitement finalité conservation délai préavis résiliation juridiction administratif tribunal clause article "
            + "cadastre orthophotographie adresse référentiel géographique métadonnées catalogue diffusion redevance gratuité "
            + "homologation réciprocité attribution source mise à jour format ouvert service disponibilité sauvegarde audit "
            + "sous-traitant responsable conjoint notification incident chiffrement journalisation accès nominatif").split(" ");

    public static void main(String[] args) throws Exception {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int pagesPerDocument = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int searches = args.length > 2 ? Integer.parseInt(args[2]) : 4_000;
        Path work = Files.createTempDirectory("legal-bench");
        Random random = new Random(42);
        System.out.printf("Synthetic corpus: %d documents x %d pages = %d pages of generated text%n", documents, pagesPerDocument,
                documents * pagesPerDocument);

        // A handful of distinct PDFs are generated once and reused: generating is not what is measured.
        int distinct = Math.min(documents, 50);
        List<Path> pdfs = new ArrayList<>();
        for (int i = 0; i < distinct; i++) {
            Path pdf = work.resolve("doc-" + i + ".pdf");
            Files.write(pdf, pdf(random, pagesPerDocument));
            pdfs.add(pdf);
        }
        AttachmentInspector inspector = new AttachmentInspector(100L * 1024 * 1024);
        String[] kinds = {"guide", "fiche", "modele", "decision", "texte"};
        String[] themes = {"licences", "open data", "données personnelles", "hébergement", "conventions", "sécurité"};
        try (DocumentIndex index = new DocumentIndex(Files.createDirectories(work.resolve("index")))) {
            // CPU time of this thread as well as wall-clock time: on a shared machine the second says little.
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpuStart = cpu.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long pages = 0;
            for (int i = 0; i < documents; i++) {
                AttachmentInspector.Inspected inspected = inspector.inspect(pdfs.get(i % distinct), "piece-" + i + ".pdf");
                pages += inspected.pages();
                LegalDocument document = new LegalDocument(i + 1, "doc-" + i, kinds[i % kinds.length], sentence(random, 8),
                        sentence(random, 25), sentence(random, 60), List.of(themes[i % themes.length], themes[(i / 7) % themes.length]),
                        List.of("collectivités"), "bench", LocalDate.of(2015 + i % 11, 1, 1), "etalab-2.0",
                        i % 10 == 0 ? "draft" : "published", 1, Instant.EPOCH, "bench", List.of());
                index.put(document, inspected.text());
                if ((i + 1) % 1000 == 0) {
                    index.commit();
                    System.out.printf("  %d documents, %.0f pages/s%n", i + 1, pages / ((System.nanoTime() - start) / 1e9));
                }
            }
            index.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.out.printf("Indexing (PDF check + text extraction + Lucene), one thread: %d pages in %.1f s = %.0f pages/s wall-clock, "
                    + "%.1f s of CPU = %.0f pages per CPU-second (per core)%n", pages, seconds, pages / seconds, cpuSeconds, pages / cpuSeconds);

            int clients = 8;
            List<String> queries = new ArrayList<>();
            for (int i = 0; i < searches; i++) {
                queries.add(WORDS[random.nextInt(WORDS.length)] + (i % 2 == 0 ? " " + WORDS[random.nextInt(WORDS.length)] : ""));
            }
            for (int i = 0; i < 200; i++) { // warm-up
                index.search(request(queries.get(i)));
            }
            long[] latencies = new long[searches];
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long searchStart = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < searches;) {
                        long t = System.nanoTime();
                        index.search(request(queries.get(i)));
                        latencies[i] = System.nanoTime() - t;
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            double searchSeconds = (System.nanoTime() - searchStart) / 1e9;
            pool.shutdown();
            Arrays.sort(latencies);
            System.out.printf("Search with facets, %d clients, %d queries: %.0f queries/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n",
                    clients, searches, searches / searchSeconds, ms(latencies, 0.50), ms(latencies, 0.95), ms(latencies, 0.99));
        }

        List<Assembler.Choice> choices = new ArrayList<>();
        Map<String, String> variables = new HashMap<>(Map.of("partie_1", "Région Grand Est", "partie_2", "Eurométropole de Strasbourg", "lieu", "Metz"));
        for (int i = 1; i <= 30; i++) {
            choices.add(new Assembler.Choice(new Clause("clause-" + i, 1, "Clause " + i, "sécurité",
                    (sentence(random, 40) + " {{v" + i + "}}.\n\n" + sentence(random, 60) + "\n\n- " + sentence(random, 12) + "\n- " + sentence(random, 12)),
                    List.of(), "", Instant.EPOCH, "bench"), null));
            variables.put("v" + i, "valeur " + i);
        }
        AssemblyModel model = new AssemblyModel("bench", "Convention entre {{partie_1}} et {{partie_2}}", "", "Entre {{partie_1}} et {{partie_2}}.",
                "Fait à {{lieu}}.", List.of());
        long[] pdfTimes = new long[30];
        int size = 0;
        for (int run = -5; run < pdfTimes.length; run++) {
            long t = System.nanoTime();
            AssembledDocument document = Assembler.assemble(model, model.title(), choices, variables);
            byte[] pdf = DocumentFormats.pdf(document);
            if (run >= 0) {
                pdfTimes[run] = System.nanoTime() - t;
                size = pdf.length;
            }
        }
        Arrays.sort(pdfTimes);
        System.out.printf("30-clause document assembled and exported as PDF (%d KiB): median %.0f ms, max %.0f ms (30 runs after warm-up)%n",
                size / 1024, ms(pdfTimes, 0.5), pdfTimes[pdfTimes.length - 1] / 1e6);
    }

    static DocumentIndex.SearchRequest request(String text) {
        return new DocumentIndex.SearchRequest(text, Map.of(), List.of("published"), 0, 20);
    }

    static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    static String sentence(Random random, int words) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words; i++) {
            out.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return out.toString();
    }

    /** A PDF with the given number of pages of about 45 lines of generated text each. */
    static byte[] pdf(Random random, int pages) throws Exception {
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int p = 0; p < pages; p++) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 10);
                    content.setLeading(14);
                    content.newLineAtOffset(40, 750);
                    for (int line = 0; line < 45; line++) {
                        content.showText(sentence(random, 11));
                        content.newLine();
                    }
                    content.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }
}
