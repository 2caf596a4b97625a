package fr.datagrandest.plugin.legal.licences;

import java.io.IOException;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import fr.datagrandest.platform.api.legal.LicenceRef;

/**
 * The licence guide as other plugins see it ({@code platform.api}): the catalogue asks which licence a record's
 * licence statement names, to link it to the licence's explanation here.
 */
@Component(service = fr.datagrandest.platform.api.legal.LicenceGuide.class)
public class LicenceGuideService implements fr.datagrandest.platform.api.legal.LicenceGuide {

    private final LicenceRecogniser recogniser;

    @Activate
    public LicenceGuideService() throws IOException {
        this.recogniser = new LicenceRecogniser(LicenceGuide.load(new ObjectMapper()));
    }

    @Override
    public Optional<LicenceRef> recognise(String licenceText) {
        return recogniser.recognise(licenceText).map(licence -> new LicenceRef(licence.id(),
                LicenceRecogniser.title(licence), LicenceRecogniser.pagePath(licence)));
    }
}
