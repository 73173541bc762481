import { graphql, JobFields } from '../graphql';

export const AssetQuery = graphql(
  `
  query AssetPage($id: ID!) {
    asset(id: $id) {
      id
      muxId
      title
      status
      durationSeconds
      createdAt
      hasReadyCaptions
      captionLanguages
      playbackIds { id policy }
      tracks { id muxId type name languageCode textSource status closedCaptions primary }
      captionJobs { ...JobFields }
    }
  }
`,
  [JobFields],
);

export const TranscriptQuery = graphql(`
  query AssetTranscript($id: ID!, $languageCode: String!) {
    asset(id: $id) {
      id
      transcript(languageCode: $languageCode) {
        id
        languageCode
        source
        cueCount
        wordCount
        track { id name languageCode status }
        cues { start end speaker text }
        vttFile: fileUrl(format: VTT, download: true)
        srtFile: fileUrl(format: SRT, download: true)
      }
    }
  }
`);

/** One asset's caption work, each change with what it changed on the asset. */
export const AssetCaptionWork = graphql(
  `
  subscription AssetCaptionWork($assetId: ID!) {
    captionJobsUpdated(assetId: $assetId) {
      ...JobFields
      asset { id status hasReadyCaptions captionLanguages }
    }
  }
`,
  [JobFields],
);

/** Payloads bring back the asset's caption work, so a started job shows at once. */
export const AssetAfterMutation = graphql(
  `
  fragment AssetAfterMutation on Asset @_unmask {
    id
    captionJobs { ...JobFields }
  }
`,
  [JobFields],
);
