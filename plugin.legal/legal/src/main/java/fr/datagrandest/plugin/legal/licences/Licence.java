package fr.datagrandest.plugin.legal.licences;

import java.util.List;

/**
 * A licence as the guide presents it. {@code id} is the SPDX short identifier; {@code crpaList} says whether the
 * licence is on the closed list of article D. 323-2-1 of the CRPA (an administration may use it without
 * homologation); {@code subject} is {@code donnees}, {@code logiciel} or {@code contenu}.
 */
public record Licence(String id, String name, String version, String url, String subject, boolean crpaList,
        String family, String summary, List<String> obligations, List<String> rights, String compatibility,
        List<String> compatibleWith, String typicalUse) {
}
